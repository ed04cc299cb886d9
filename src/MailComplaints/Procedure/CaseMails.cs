using System.Globalization;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Threads;
using MimeKit;
using MailComplaints.Outbox;
using MailComplaints.Templates;

namespace MailComplaints.Procedure;

/// <summary>An attachment kept with a case, with its content, to go with a mail to the handler.</summary>
public sealed record CaseFile(string FileName, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>
/// Every mail the procedure sends, rendered from the templates in the case's language and composed from the
/// complaints address: to the complainant as replies on their thread, to handlers and the director with the
/// commands they can use. Builds mails; never writes anything.
/// </summary>
public sealed class CaseMails(MailComposer composer, MailSettings mail, ProcedureSettings procedure, IReadOnlyList<Handler> handlers,
    TimeProvider? time = null, WorkingDayCalendar? calendar = null)
{
    // How far ahead the example date in the commands below every handler mail lies: always a date the handler may still set.
    private const int ExampleWeeks = 6;

    /// <summary>
    /// The acknowledgement of a registered case; <paramref name="takenIn"/> is the day a complaint was taken in after
    /// its acknowledgement was due (the mail says so, and gives the term that runs from then), else null.
    /// </summary>
    public OutgoingMail Acknowledge(Case @case, MimeMessage complaint, DateOnly? takenIn = null) =>
        ToComplainant(MailKind.Acknowledgement, "acknowledgement", @case, CaseThread.Of(complaint), AcknowledgementModel(@case, takenIn));

    /// <summary>For a relayed complaint, the acknowledgement's copy back through the relay (the channel it came in by); otherwise null.</summary>
    public OutgoingMail? AcknowledgeThroughChannel(Case @case, MimeMessage complaint, DateOnly? takenIn = null) =>
        ThroughChannel(MailKind.Acknowledgement, "acknowledgement", @case, CaseThread.Of(complaint), AcknowledgementModel(@case, takenIn));

    private Dictionary<string, object?> AcknowledgementModel(Case @case, DateOnly? takenIn)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["takenInDate"] = takenIn is { } day ? MailTemplates.FormatDate(day, @case.Language) : "";
        return model;
    }

    /// <summary>The assignment notice to the case's handler: the complaint with its attachments.</summary>
    public OutgoingMail Assign(Case @case, IReadOnlyList<CaseFile> files)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(files);
        var model = Model(@case);
        model["complainantAddress"] = @case.Complainant.Address;
        model["complaintText"] = @case.Description;
        var attached = FilesThatFit(files);
        model["attachments"] = files.Select(file => new Dictionary<string, object?>
        {
            ["fileName"] = file.FileName, ["size"] = Size(file.Content.Length, @case.Language), ["attached"] = attached.Contains(file),
        }).ToList();
        model["allAttached"] = attached.Count == files.Count;
        var attachments = attached.Select(file => new OutgoingAttachment(file.FileName, file.ContentType, file.Content)).ToList();
        return ToHandler(MailKind.Assignment, "assignment", @case, HandlerOf(@case), model, attachments);
    }

    // The files, in order, that keep the mail below Mail:MaxHandlerMailBytes once base64 makes them a third larger and
    // breaks them into lines, each with a part header; the text of the mail is given 64 KiB.
    private HashSet<CaseFile> FilesThatFit(IReadOnlyList<CaseFile> files)
    {
        const long TextBytes = 64 * 1024;
        const long PartHeaderBytes = 512;
        var room = mail.MaxHandlerMailBytes - TextBytes;
        var fitting = new HashSet<CaseFile>(ReferenceEqualityComparer.Instance);
        foreach (var file in files)
        {
            var encoded = (file.Content.Length + 2L) / 3 * 4;
            var size = encoded + encoded / 76 * 2 + PartHeaderBytes;
            if (size <= room)
            {
                fitting.Add(file);
                room -= size;
            }
        }
        return fitting;
    }

    /// <summary>Tells every department head of a new case: who handles it, by when, and the complaint (without its files).</summary>
    public IReadOnlyList<OutgoingMail> NoticeDepartmentHeads(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return handlers.Where(handler => handler.Role == HandlerRole.DepartmentHead).Select(head =>
        {
            var model = Model(@case);
            model["complainantAddress"] = @case.Complainant.Address;
            model["complaintText"] = @case.Description;
            return ToHandler(MailKind.HeadNotice, "head-notice", @case, head, model);
        }).ToList();
    }

    /// <summary>The rejection of a complaint the procedure does not take into handling: too late, or by another channel.</summary>
    public OutgoingMail Reject(Case @case, RejectionReason reason, DateOnly? incidentDate, MimeMessage complaint)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["lodgingWindowDays"] = procedure.LodgingWindowDays;
        model["incidentDate"] = incidentDate is { } day ? MailTemplates.FormatDate(day, @case.Language) : "";
        model["complaintsAddress"] = mail.FromAddress;
        var (kind, template) = reason switch
        {
            RejectionReason.Late => (MailKind.RejectionLate, "rejection-late"),
            RejectionReason.OtherChannel => (MailKind.RejectionOtherChannel, "rejection-other-channel"),
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "a repeat is answered on its earlier case (RejectRepeat)"),
        };
        return ToComplainant(kind, template, @case, CaseThread.Of(complaint), model);
    }

    /// <summary>The answer to a repeat of a decided complaint, on the case that decided it: no case of its own.</summary>
    public OutgoingMail RejectRepeat(Case decided, MimeMessage repeat, DateTimeOffset received)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var model = Model(decided);
        model["messageDate"] = MailTemplates.FormatDate(WorkingDayCalendar.DateIn(received), decided.Language);
        model["decisionDate"] = decided.ClosedAt is { } closed ? MailTemplates.FormatDate(WorkingDayCalendar.DateIn(closed), decided.Language) : "";
        return ToComplainant(MailKind.RejectionDuplicate, "rejection-duplicate", decided, CaseThread.Of(repeat), model);
    }

    /// <summary>The answer to a repeat of a complaint still open: the mail was added to that case and passed on to its handler.</summary>
    public OutgoingMail AnswerRepeat(Case open, MimeMessage repeat, DateTimeOffset received)
    {
        ArgumentNullException.ThrowIfNull(open);
        var model = Model(open);
        model["messageDate"] = MailTemplates.FormatDate(WorkingDayCalendar.DateIn(received), open.Language);
        return ToComplainant(MailKind.RepeatAdded, "repeat-open", open, CaseThread.Of(repeat), model);
    }

    /// <summary>Passes what the complainant wrote on to the case's handler.</summary>
    public OutgoingMail NoticeFollowUp(Case @case, MimeMessage message, string text, bool withdrawn = false)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(message);
        var model = Model(@case);
        model["text"] = text;
        model["withdrawn"] = withdrawn;
        model["messageSubject"] = message.Subject ?? "";
        return ToHandler(MailKind.FollowUp, "followup", @case, HandlerOf(@case), model);
    }

    /// <summary>
    /// Tells a registered handler that their mail matched no case of theirs, why (<paramref name="cause"/>) and how to
    /// reply instead; about no case, so nothing of one is told, whoever wrote the mail in the handler's name.
    /// </summary>
    public OutgoingMail NoticeUnmatchedReply(Handler handler, MimeMessage reply, UnmatchedReply cause, string? language)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(reply);
        var model = new Dictionary<string, object?>
        {
            ["messageSubject"] = reply.Subject ?? "",
            ["cause"] = TemplateCodes.Of(cause),
        };
        return ToHandlerAboutNoCase(MailKind.ReplyUnmatched, "reply-unmatched", handler, language, model, reply.MessageId);
    }

    /// <summary>
    /// A handler's morning overview of <paramref name="items"/>, about no one case, in the language most of those cases
    /// are in (Dutch on a tie).
    /// </summary>
    public OutgoingMail Overview(Handler recipient, IReadOnlyList<OverviewItem> items, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(items);
        var language = items.Count(item => item.Case.Language == "en") > items.Count / 2.0 ? "en" : "nl";
        var model = new Dictionary<string, object?>
        {
            ["todayDate"] = MailTemplates.FormatDate(today, language),
            ["overdueCount"] = items.Count(item => item.Overdue),
            ["waitingCount"] = items.Count(item => item.WaitingForHandler),
            ["cases"] = items.OrderBy(item => item.TermEnds ?? DateOnly.MaxValue).Select(item => new Dictionary<string, object?>
            {
                ["caseNumber"] = item.Case.Number.ToString(),
                ["subject"] = item.Case.Subject ?? "",
                ["termDate"] = item.TermEnds is { } ends ? MailTemplates.FormatDate(ends, language) : "",
                ["workingDaysLeft"] = item.WorkingDaysLeft,
                ["overdue"] = item.Overdue,
                ["waiting"] = item.WaitingForHandler,
            }).ToList(),
        };
        return ToHandlerAboutNoCase(MailKind.MorningOverview, "morning-overview", recipient, language, model, null);
    }

    /// <summary>The report of a year or a quarter to a director, in <paramref name="language"/>, with the report's files attached; <paramref name="model"/> holds its figures.</summary>
    public OutgoingMail PeriodicReport(Handler director, string language, IReadOnlyDictionary<string, object?> model, IReadOnlyList<OutgoingAttachment> attachments)
    {
        ArgumentNullException.ThrowIfNull(director);
        ArgumentNullException.ThrowIfNull(model);
        return ToHandlerAboutNoCase(MailKind.PeriodicReport, "periodic-report", director, language, new Dictionary<string, object?>(model, StringComparer.Ordinal), null, attachments);
    }

    // A mail to a handler about no one case: greeted by name, from the organisation, without a case tag.
    private OutgoingMail ToHandlerAboutNoCase(MailKind kind, string template, Handler recipient, string? language, Dictionary<string, object?> model, string? inReplyTo,
        IReadOnlyList<OutgoingAttachment>? attachments = null)
    {
        model["organisation"] = mail.FromName ?? mail.FromAddress;
        model["recipientName"] = recipient.Name;
        return composer.QueueWithoutCase(kind, language, new MailboxAddress(recipient.Name, recipient.Email), template, model, inReplyTo, attachments);
    }

    /// <summary>Tells the case's handler that one of our mails did not reach its recipient.</summary>
    public OutgoingMail NoticeDeliveryFailure(Case @case, string failedMailSubject, string failureReason)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["complainantAddress"] = @case.Complainant.Address;
        model["failedMailSubject"] = failedMailSubject;
        model["failureReason"] = failureReason;
        return ToHandler(MailKind.DeliveryFailed, "delivery-failed", @case, HandlerOf(@case), model);
    }

    /// <summary>Reminds the handler that the term ends in <paramref name="workingDaysLeft"/> working days.</summary>
    public OutgoingMail Remind(Case @case, Handler recipient, int workingDaysLeft)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["workingDaysLeft"] = workingDaysLeft;
        return ToHandler(MailKind.Reminder, "reminder", @case, recipient, model);
    }

    /// <summary>Alarms a handler or the director that the maximum term is near without an extension.</summary>
    public OutgoingMail AlarmMaximumTerm(Case @case, Handler recipient, DateOnly maximum, int workingDaysLeft)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["maximumDate"] = MailTemplates.FormatDate(maximum, @case.Language);
        model["workingDaysLeft"] = workingDaysLeft;
        return ToHandler(MailKind.TermAlarm, "term-alarm", @case, recipient, model);
    }

    /// <summary>Tells the director that a case's acknowledgement is not out in time.</summary>
    public OutgoingMail AlarmAcknowledgement(Case @case, Handler director)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["acknowledgeBy"] = @case.AcknowledgeBy is { } by ? MailTemplates.FormatDate(by, @case.Language) : "";
        model["acknowledgedDate"] = @case.AcknowledgedAt is { } sent ? MailTemplates.FormatDate(WorkingDayCalendar.DateIn(sent), @case.Language) : "";
        return ToHandler(MailKind.AcknowledgementLate, "acknowledgement-late", @case, director, model);
    }

    /// <summary>Tells the director that the complainant's confirmation of the escalation was not out by <paramref name="confirmBy"/>.</summary>
    public OutgoingMail AlarmDirectorConfirmation(Case @case, Handler director, DateOnly confirmBy, DateTimeOffset? confirmedAt)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["confirmBy"] = MailTemplates.FormatDate(confirmBy, @case.Language);
        model["confirmedDate"] = confirmedAt is { } sent ? MailTemplates.FormatDate(WorkingDayCalendar.DateIn(sent), @case.Language) : "";
        return ToHandler(MailKind.DirectorConfirmationLate, "director-confirmation-late", @case, director, model);
    }

    /// <summary>The escalation: the director gets the case, the complainant hears by when they will know how it is handled.</summary>
    public IReadOnlyList<OutgoingMail> Escalate(Case @case, Handler director, EscalationCause cause, Handler? by, DateOnly answerBy, CaseThread thread,
        IReadOnlyList<HistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(director);
        var model = Model(@case);
        model["directorName"] = director.Name;
        model["escalationReason"] = cause switch
        {
            EscalationCause.HandlerRequest => "handler-request",
            EscalationCause.TermEnded => "term-ended",
            _ => "disagreement",
        };
        model["escalatedBy"] = by?.Name ?? "";
        model["answerDate"] = MailTemplates.FormatDate(answerBy, @case.Language);
        model["complainantAddress"] = @case.Complainant.Address;
        model["complaintText"] = @case.Description;
        // The file is the director's alone: the complainant's mail gets the model without it.
        var toDirector = new Dictionary<string, object?>(model);
        toDirector["file"] = history.Select(entry => new Dictionary<string, object?>
        {
            ["date"] = MailTemplates.FormatDate(WorkingDayCalendar.DateIn(entry.At), @case.Language),
            ["kind"] = entry.Kind switch
            {
                HistoryKind.FollowUp => "followup",
                HistoryKind.InternalNote => "note",
                HistoryKind.MessageToComplainant => "message",
                HistoryKind.MailToComplainant => "mail",
                HistoryKind.TermSet => "term",
                _ => "extension",
            },
            ["who"] = entry.Who ?? "",
            ["text"] = entry.Text,
        }).ToList();
        return [ToHandler(MailKind.EscalationDirector, "escalation-director", @case, director, toDirector), .. ToComplainantAndChannel(MailKind.Escalation, "escalation-complainant", @case, thread, model)];
    }

    /// <summary>The referral to the independent third party, to the complainant (and to the third party when it takes mail).</summary>
    public IReadOnlyList<OutgoingMail> Refer(Case @case, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["thirdPartyName"] = procedure.ThirdParty.Name;
        model["thirdPartyAddress"] = procedure.ThirdParty.Address;
        var mails = ToComplainantAndChannel(MailKind.Referral, "referral", @case, thread, model).ToList();
        if (procedure.ThirdParty.Email is { } email)
        {
            var toThirdParty = Model(@case);
            toThirdParty["directorName"] = procedure.ThirdParty.Name;
            toThirdParty["escalationReason"] = "referral";
            toThirdParty["escalatedBy"] = "";
            toThirdParty["answerDate"] = "";
            toThirdParty["complainantAddress"] = @case.Complainant.Address;
            toThirdParty["complaintText"] = @case.Description;
            mails.Add(ToHandler(MailKind.ReferralThirdParty, "escalation-director", @case, new Handler(procedure.ThirdParty.Name, email, HandlerRole.Director), toThirdParty));
        }
        return mails;
    }

    /// <summary>The extension notice: the reason and the new date.</summary>
    public IReadOnlyList<OutgoingMail> Extend(Case @case, DateOnly previousTerm, string reason, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["previousTermDate"] = MailTemplates.FormatDate(previousTerm, @case.Language);
        model["extensionReason"] = reason;
        return ToComplainantAndChannel(MailKind.Extension, "extension", @case, thread, model);
    }

    /// <summary>The resolution summary: the decision and whether the complainant agreed; always by email, also for a relayed complaint.</summary>
    public IReadOnlyList<OutgoingMail> Resolve(Case @case, DateOnly resolvedOn, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["decision"] = @case.Solution ?? "";
        model["complainantAgreed"] = @case.ComplainantAgrees == true;
        model["resolvedDate"] = MailTemplates.FormatDate(resolvedOn, @case.Language);
        return ToComplainantAndChannel(MailKind.Resolution, "resolution", @case, thread, model);
    }

    /// <summary>Confirms a withdrawal to the complainant.</summary>
    public IReadOnlyList<OutgoingMail> Withdraw(Case @case, DateOnly withdrawnOn, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["withdrawnDate"] = MailTemplates.FormatDate(withdrawnOn, @case.Language);
        return ToComplainantAndChannel(MailKind.Withdrawal, "withdrawal", @case, thread, model);
    }

    /// <summary>Tells the complainant of the measure taken after their complaint: what will change.</summary>
    public IReadOnlyList<OutgoingMail> AnnounceMeasure(Case @case, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["measure"] = @case.Measure ?? "";
        return ToComplainantAndChannel(MailKind.Measure, "measure", @case, thread, model);
    }

    /// <summary>What a handler wrote under their commands, sent to the complainant from the complaints address on the case's thread.</summary>
    public IReadOnlyList<OutgoingMail> MessageToComplainant(Case @case, Handler author, string text, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(author);
        var model = Model(@case);
        model["text"] = text;
        model["handlerName"] = author.Name;
        return ToComplainantAndChannel(MailKind.HandlerMessage, "handler-message", @case, thread, model, automatic: false);
    }

    /// <summary>Confirms to a handler what their command changed.</summary>
    public OutgoingMail Confirm(Case @case, Handler recipient, string command, IReadOnlyList<StepNote> changes, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(changes);
        var model = Model(@case);
        model["handlerName"] = recipient.Name;
        model["command"] = command;
        model["changes"] = changes.Select(change => StepModel(@case, change)).ToList();
        model["status"] = StatusCode(@case.Status);
        if (@case.ClosedAt is not null)
        {
            model["termDate"] = ""; // a closed case has no term left to run
        }
        return ToHandler(MailKind.HandlerConfirmation, "handler-confirmation", @case, recipient, model, thread: thread);
    }

    /// <summary>Tells a handler why their reply changed nothing: the line it could not read or that was refused, and what became of the rest.</summary>
    public OutgoingMail Refuse(Case @case, Handler recipient, CommandRefusal refusal, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(refusal);
        var model = Model(@case);
        model["handlerName"] = recipient.Name;
        model["command"] = refusal.Line;
        model["problem"] = refusal.Problem;
        model["keyword"] = refusal.Keyword;
        model["found"] = refusal.Found;
        // The template reads the refused step only for problem "procedure"; other refusals have none to give.
        model["refusal"] = refusal.Step is { } step ? StepModel(@case, step) : new Dictionary<string, object?>();
        model["notApplied"] = refusal.NotApplied.Select(line => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal) { ["line"] = line }).ToList();
        model["messageHeld"] = refusal.MessageHeld;
        return ToHandler(MailKind.HandlerRefusal, "handler-refusal", @case, recipient, model, thread: thread);
    }

    /// <summary>Answers <c>#hulp</c> / <c>#help</c>: the commands, with an example date the handler may use.</summary>
    public OutgoingMail Help(Case @case, Handler recipient, CaseThread thread)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(recipient);
        return ToHandler(MailKind.HandlerHelp, "handler-help", @case, recipient, Model(@case), thread: thread);
    }

    /// <summary>The subject of a mail in the outbox, for the notice that it did not arrive.</summary>
    public string SubjectOf(OutboxEntry queued) => composer.SubjectOf(queued);

    /// <summary>The registered handler with this address, or null.</summary>
    public Handler? HandlerWithAddress(string? address) => handlers.FirstOrDefault(h => string.Equals(h.Email, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>The case's handler (or, when none is registered any more, the first director).</summary>
    public Handler HandlerOf(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return HandlerWithAddress(@case.HandlerEmail) ?? Director;
    }

    /// <summary>Everyone who handles complaints, as configured (<c>Handlers</c>).</summary>
    public IReadOnlyList<Handler> Handlers => handlers;

    /// <summary>The director (the first handler with role Director; without one, the first handler).</summary>
    public Handler Director => handlers.FirstOrDefault(h => h.Role == HandlerRole.Director) ?? handlers[0];

    // The values a step's wording names, as the partial procedure-step reads them (dates in the case's language).
    private Dictionary<string, object?> StepModel(Case @case, StepNote note)
    {
        string Date(DateOnly? date) => date is { } day ? MailTemplates.FormatDate(day, @case.Language) : "";
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["outcome"] = TemplateCodes.Of(note.Outcome),
            ["written"] = Date(note.Written),
            ["date"] = Date(note.Date),
            ["previous"] = Date(note.Previous),
            ["maximum"] = Date(note.Maximum),
            ["maximumMonths"] = procedure.MaximumTermMonths,
            ["name"] = note.Name ?? "",
            ["status"] = note.Status is { } status ? StatusCode(status) : "",
            ["choices"] = string.Join(", ", note.Choices),
        };
    }

    // A case's status as the partial case-status words it: in-handling, escalated, …
    private static string StatusCode(CaseStatus status) => TemplateCodes.Of(status);

    private OutgoingMail ToComplainant(MailKind kind, string template, Case @case, CaseThread thread, Dictionary<string, object?> model, bool automatic = true) =>
        composer.Queue(kind, @case, new MailboxAddress(@case.Complainant.Name, @case.Complainant.Address), template, model, thread.InReplyTo, thread.References, automatic);

    // The complainant always hears by email; a relayed complaint also gets the mail back through the relay (the channel it came in by).
    private List<OutgoingMail> ToComplainantAndChannel(MailKind kind, string template, Case @case, CaseThread thread, Dictionary<string, object?> model, bool automatic = true) =>
        ThroughChannel(kind, template, @case, thread, model, automatic) is { } copy
            ? [ToComplainant(kind, template, @case, thread, model, automatic), copy]
            : [ToComplainant(kind, template, @case, thread, model, automatic)];

    // For a relayed complaint: the same mail back to the relay, the channel it came in by (null otherwise).
    private OutgoingMail? ThroughChannel(MailKind kind, string template, Case @case, CaseThread thread, Dictionary<string, object?> model, bool automatic = true)
    {
        if (@case is not { Channel: CaseChannel.Relay, RelayAddress: { } relay } || string.Equals(relay, @case.Complainant.Address, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return composer.Queue(kind, @case, new MailboxAddress(null, relay), template, model, thread.InReplyTo, thread.References, automatic, throughRelay: true);
    }

    private OutgoingMail ToHandler(MailKind kind, string template, Case @case, Handler recipient, Dictionary<string, object?> model,
        IReadOnlyList<OutgoingAttachment>? attachments = null, CaseThread? thread = null)
    {
        model.TryAdd("handlerName", recipient.Name);
        model["recipientName"] = recipient.Name;
        var today = WorkingDayCalendar.DateIn((time ?? TimeProvider.System).GetUtcNow());
        var example = (calendar ?? WorkingDayCalendar.Statutory).NextWorkingDayOnOrAfter(today.AddDays(7 * ExampleWeeks));
        model["exampleDate"] = example.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        model["exampleDateWritten"] = MailTemplates.FormatDate(example, @case.Language);
        model["categories"] = string.Join(", ", procedure.Categories.Select(category => category.NameIn(@case.Language)));
        return composer.Queue(kind, @case, new MailboxAddress(recipient.Name, recipient.Email), template, model, thread?.InReplyTo, thread?.References ?? [], automatic: true, attachments);
    }

    // Sized for the common fields and the few each mail adds, so that adding them does not grow the table.
    private Dictionary<string, object?> Model(Case @case) => new(16)
    {
        ["caseNumber"] = @case.Number.ToString(),
        // No name: the templates greet "heer of mevrouw" / "Sir or Madam" and name the address elsewhere.
        ["complainantName"] = @case.Complainant.Name ?? "",
        ["complainantAddress"] = @case.Complainant.Address,
        ["subject"] = @case.Subject ?? "",
        ["receivedDate"] = MailTemplates.FormatDate(WorkingDayCalendar.DateIn(@case.ReceivedAt), @case.Language),
        ["termDate"] = @case.TermEnds is { } termEnds ? MailTemplates.FormatDate(termEnds, @case.Language) : "",
        ["handlerName"] = HandlerWithAddress(@case.HandlerEmail)?.Name ?? mail.FromName ?? mail.FromAddress,
        ["organisation"] = mail.FromName ?? mail.FromAddress,
    };

    private static string Size(long bytes, string? language)
    {
        var culture = MailTemplates.CultureOf(language);
        return bytes switch
        {
            < 1024 => string.Format(culture, "{0} B", bytes),
            < 1024 * 1024 => string.Format(culture, "{0:0} kB", bytes / 1024.0),
            _ => string.Format(culture, "{0:0.0} MB", bytes / (1024.0 * 1024)),
        };
    }
}

/// <summary>Where a reply belongs in a mail thread: the message it answers and the chain before it.</summary>
public sealed record CaseThread(string? InReplyTo, IReadOnlyList<string> References)
{
    /// <summary>No thread: a new conversation.</summary>
    public static CaseThread None { get; } = new(null, []);

    /// <summary>The thread of a reply to <paramref name="message"/>.</summary>
    public static CaseThread Of(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new CaseThread(message.MessageId, message.References.Concat(message.MessageId is null ? [] : [message.MessageId]).ToList());
    }
}

/// <summary>Why a handler's mail matched no case of theirs.</summary>
public enum UnmatchedReply
{
    /// <summary>No case number in the subject, and no reply to one of our mails.</summary>
    NoCase,

    /// <summary>A case named, but not a reply to our mail to this handler, and not authenticated; or not their case.</summary>
    NotMatched,
}
