using MailComplaints.Cases;
using MailComplaints.Mail.Mime;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Templates;

namespace MailComplaints.Intake;

/// <summary>
/// The mails the intake sends: the acknowledgement (case number, handler, handling term as a date), the
/// rejections, and the notice to the handler that a case got a follow-up. Rendered from the templates in the
/// case's language, composed as replies to the complainant's message.
/// </summary>
public sealed class CaseMails(MailTemplates templates, MailComposer composer, MailSettings mail, ProcedureSettings procedure, IReadOnlyList<Handler> handlers, WorkingDayCalendar calendar)
{
    /// <summary>The outbox kind of an acknowledgement.</summary>
    public const string Acknowledgement = "Acknowledgement";

    /// <summary>The handling term's last day for a case received at <paramref name="receivedAt"/>: the term in weeks from the
    /// day of receipt (Amsterdam time), moved to the next working day when it ends on a day off.</summary>
    public DateOnly TermEnds(DateTimeOffset receivedAt) => calendar.EndOfTermInWeeks(WorkingDayCalendar.DateIn(receivedAt), procedure.HandlingTermWeeks);

    /// <summary>The acknowledgement of a registered case.</summary>
    public OutgoingMail Acknowledge(Case @case, MimeMessage complaint)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(complaint);
        var model = Model(@case);
        model["termDate"] = MailTemplates.FormatDate(TermEnds(@case.ReceivedAt), @case.Language);
        return ToComplainant(Acknowledgement, "acknowledgement", @case, complaint, model);
    }

    /// <summary>The rejection of a complaint the procedure does not take into handling.</summary>
    public OutgoingMail Reject(Case @case, RejectionReason reason, Case? earlier, DateOnly? incidentDate, MimeMessage complaint)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var model = Model(@case);
        model["lodgingWindowDays"] = procedure.LodgingWindowDays;
        model["incidentDate"] = incidentDate is { } day ? MailTemplates.FormatDate(day, @case.Language) : "";
        model["earlierCaseNumber"] = earlier?.Number.ToString() ?? "";
        model["decisionDate"] = earlier?.ClosedAt is { } closed ? MailTemplates.FormatDate(DateOnly.FromDateTime(closed.UtcDateTime), @case.Language) : "";
        model["complaintsAddress"] = mail.FromAddress;
        var template = reason switch
        {
            RejectionReason.Late => "rejection-late",
            RejectionReason.OtherChannel => "rejection-other-channel",
            _ => "rejection-duplicate",
        };
        return ToComplainant($"Rejection{reason}", template, @case, complaint, model);
    }

    /// <summary>Tells the case's handler that the complainant wrote again; the new text goes with it.</summary>
    public OutgoingMail NoticeFollowUp(Case @case, MimeMessage message, string text)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(message);
        var handler = HandlerOf(@case);
        var model = Model(@case);
        model["text"] = text;
        model["messageSubject"] = message.Subject ?? "";
        var rendered = templates.Render("followup", @case.Language, model);
        return composer.Compose("FollowUp", @case, new MailboxAddress(handler?.Name, handler?.Email ?? @case.HandlerEmail ?? mail.FromAddress), rendered, null, [], automatic: true);
    }

    /// <summary>Tells the case's handler that one of our mails to the complainant bounced.</summary>
    public OutgoingMail NoticeDeliveryFailure(Case @case, string failedMailSubject, string failureReason)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var handler = HandlerOf(@case);
        var model = Model(@case);
        model["complainantAddress"] = @case.Complainant.Address;
        model["failedMailSubject"] = failedMailSubject;
        model["failureReason"] = failureReason;
        var rendered = templates.Render("delivery-failed", @case.Language, model);
        return composer.Compose("DeliveryFailed", @case, new MailboxAddress(handler?.Name, handler?.Email ?? @case.HandlerEmail ?? mail.FromAddress), rendered, null, [], automatic: true);
    }

    private OutgoingMail ToComplainant(string kind, string template, Case @case, MimeMessage complaint, Dictionary<string, object?> model)
    {
        var rendered = templates.Render(template, @case.Language, model);
        var references = complaint.References.Concat(complaint.MessageId is null ? [] : [complaint.MessageId]).ToList();
        return composer.Compose(kind, @case, new MailboxAddress(@case.Complainant.Name, @case.Complainant.Address), rendered, complaint.MessageId, references, automatic: true);
    }

    private Dictionary<string, object?> Model(Case @case) => new()
    {
        ["caseNumber"] = @case.Number.ToString(),
        ["complainantName"] = @case.Complainant.Name ?? (@case.Language == "en" ? "Sir or Madam" : "heer of mevrouw"),
        ["subject"] = @case.Subject ?? "",
        ["receivedDate"] = MailTemplates.FormatDate(WorkingDayCalendar.DateIn(@case.ReceivedAt), @case.Language),
        ["handlerName"] = HandlerOf(@case)?.Name ?? mail.FromName ?? mail.FromAddress,
        ["organisation"] = mail.FromName ?? mail.FromAddress,
    };

    private Handler? HandlerOf(Case @case) => handlers.FirstOrDefault(h => string.Equals(h.Email, @case.HandlerEmail, StringComparison.OrdinalIgnoreCase));
}
