using System.Globalization;
using System.Text.RegularExpressions;
using MailComplaints.Cases;
using MailComplaints.Intake.Classification;
using MailComplaints.Intake.Text;
using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Threads;

namespace MailComplaints.Intake;

/// <summary>
/// Decides what happens to each message, in the order of the procedure's rules (docs/intake.md): unreadable →
/// Failed; the same bytes again → Ignored; machine mail, our own mail included → Ignored (a bounce of our own mail
/// is linked to its case); a reply on one of our threads → FollowUp; relayed from another channel → Rejected; lodged too late →
/// Rejected; a repeat of a decided complaint → Rejected, of an open one → FollowUp; otherwise Registered.
/// Reads the database but never changes it: <c>inspect</c> uses it to show what the worker would do.
/// </summary>
public sealed partial class IntakeClassifier(CaseRepository cases, OutboxRepository outbox, IntakeSettings intake, ProcedureSettings procedure,
    MailSettings mail, IReadOnlyList<Handler> handlers, ThreadTokens tokens, SenderAuthentication authentication)
{
    private readonly MachineMailDetector machineMail = new(MachineMailOptions.For(mail));

    /// <summary>Classifies one message. <paramref name="seenInBatch"/> holds the SHA-256 sums of messages already classified in this batch or processed before.</summary>
    public async Task<IntakeDecision> ClassifyAsync(IncomingMessage message, ISet<string> seenInBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(seenInBatch);
        var reading = message.Reading ?? Read(message);
        var decision = Screen(message, seenInBatch) ?? await ClassifyAsync(message, reading!, cases.OfComplainantAsync, cancellationToken).ConfigureAwait(false);
        return decision with { Text = reading?.Text ?? "" };
    }

    /// <summary>
    /// Classifies a batch exactly as <see cref="ClassifyAsync(IncomingMessage, ISet{string}, CancellationToken)"/> would one
    /// message after the other, with the complainants' earlier cases read in one query for the whole batch. Messages
    /// not yet <see cref="Read"/> are read first, on all cores. Copies are decided in message order: the first of equal bytes counts.
    /// A repeat of a complaint registered earlier in the same batch is a follow-up on it (<see cref="IntakeDecision.RepeatInBatch"/>),
    /// as it would be had the two come in separate batches.
    /// </summary>
    public async Task<IReadOnlyList<IntakeDecision>> ClassifyManyAsync(IReadOnlyList<IncomingMessage> messages, ISet<string> seenInBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(seenInBatch);
        var readings = new MessageReading?[messages.Count];
        Parallel.For(0, messages.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => readings[i] = messages[i].Reading ?? Read(messages[i]));
        var decisions = messages.Select(message => Screen(message, seenInBatch)).ToArray();
        var addresses = messages.Where((message, i) => decisions[i] is null && message.Parsed is not null)
            .SelectMany(message => MessageAddresses.All(message.Parsed!)).Where(address => !string.IsNullOrWhiteSpace(address)).ToList();
        var earlier = await cases.OfComplainantsAsync(addresses, cancellationToken).ConfigureAwait(false);
        Task<IReadOnlyList<Case>> EarlierCasesAsync(string address, CancellationToken token) =>
            earlier.TryGetValue(address.ToLowerInvariant(), out var found) ? Task.FromResult(found) : cases.OfComplainantAsync(address, token);

        // The complaints registered so far in this batch, by complainant address.
        var registered = new Dictionary<string, List<(int Index, string Matter, string Text)>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < messages.Count; i++)
        {
            if (decisions[i] is not null)
            {
                continue;
            }
            var reading = readings[i]!;
            var decision = await ClassifyAsync(messages[i], reading, EarlierCasesAsync, cancellationToken).ConfigureAwait(false);
            if (decision is IntakeDecision.Registered { Complainant: var complainant })
            {
                if (!registered.TryGetValue(complainant.Address, out var before))
                {
                    registered[complainant.Address] = before = [];
                }
                var first = before.FindIndex(earlier => SameMatter(reading.Matter, earlier.Matter, reading.Text, earlier.Text));
                if (first < 0)
                {
                    before.Add((i, reading.Matter, reading.Text));
                }
                else
                {
                    var original = before[first];
                    decision = new IntakeDecision.RepeatInBatch($"the same matter as a complaint registered earlier in this batch (message {messages[original.Index].Source.SourceKey})",
                        original.Index)
                    {
                        IncidentDate = decision.IncidentDate, Language = decisions[original.Index]!.Language ?? decision.Language,
                    };
                }
            }
            decisions[i] = decision;
        }
        return decisions.Select((decision, i) => decision! with { Text = readings[i]?.Text ?? "" }).ToList();
    }

    /// <summary>
    /// What can be learnt from the message alone, without the database (null for a message that could not be parsed).
    /// Safe to call from several threads; the intake reads each batch while the one before it is stored.
    /// </summary>
    public MessageReading? Read(IncomingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Parsed is not { } parsed)
        {
            return null;
        }
        var text = MessageText.Of(parsed) ?? "";
        var machine = machineMail.Detect(parsed, text);
        var sender = MessageAddresses.SenderOf(parsed);
        if (machine is not null || sender is null)
        {
            return new MessageReading(text, machine, sender, "", null, null, null, IncidentDateReader.Read("", default), "");
        }
        // The sender's own text (quoted mail and signature left out) is what both the language and the date are read from.
        var own = QuotedTextStripper.OwnText(text);
        return new MessageReading(text, null, sender, text.Length > 0 ? LanguageDetector.Detect(text, own).Language : LanguageGuess.Of(parsed.Subject),
            tokens.VerifiedReference(parsed, sender.Address, mail.Domain), ClaimedCase(parsed), OtherChannel(parsed, sender.Address),
            IncidentDateReader.ReadOwnText(own, WorkingDayCalendar.DateIn(message.Source.ArrivedAt)),
            SubjectNormaliser.Normalise(parsed.Subject));
    }

    // The checks that need no reading: unreadable, or the same bytes as a message before it.
    private static IntakeDecision? Screen(IncomingMessage message, ISet<string> seenInBatch)
    {
        if (message.Unreadable is not null || message.Parsed is null)
        {
            return new IntakeDecision.Failed(message.Unreadable ?? "unreadable");
        }
        if (!seenInBatch.Add(message.Sha256))
        {
            return new IntakeDecision.Ignored("the same bytes were processed before (a copy of a message already handled)");
        }
        return null;
    }

    private async Task<IntakeDecision> ClassifyAsync(IncomingMessage message, MessageReading reading, Func<string, CancellationToken, Task<IReadOnlyList<Case>>> earlierCasesOf,
        CancellationToken cancellationToken)
    {
        var parsed = message.Parsed!;

        if (reading.MachineMail is { } machine)
        {
            return await MachineMailAsync(parsed, machine, cancellationToken).ConfigureAwait(false);
        }

        if (reading.Sender is not { } sender)
        {
            return new IntakeDecision.Failed("no sender address in From, Sender or Reply-To");
        }

        var language = reading.Language;
        var text = reading.Text;

        if (await ThreadReplyAsync(parsed, reading, sender.Address, cancellationToken).ConfigureAwait(false) is { } reply)
        {
            return reply;
        }

        var complainant = ComplainantOf(parsed, sender);
        string? relayAddress = null;
        if (reading.OtherChannel is { } relay)
        {
            var replyTos = MessageAddresses.ReplyTo(parsed);
            var replyTo = replyTos.Count > 0 && !IsRelaySender(replyTos[0].Address) ? replyTos[0] : null;
            if (!intake.AcceptOtherChannels || replyTo is null)
            {
                return new IntakeDecision.Rejected(relay, RejectionReason.OtherChannel, replyTo is null ? null : new Complainant(NameOf(replyTo), replyTo.Address), null)
                {
                    Language = language,
                };
            }
            // Intake:AcceptOtherChannels (the university's procedure): the person the relay names complains; replies also go back through the relay.
            complainant = new Complainant(NameOf(replyTo), replyTo.Address);
            relayAddress = sender.Address;
        }

        var received = WorkingDayCalendar.DateIn(message.Source.ArrivedAt);
        var incident = reading.Incident.Date;
        if (new LodgingWindow(procedure.LodgingWindowDays).IsLate(received, incident))
        {
            return new IntakeDecision.Rejected(
                string.Create(CultureInfo.InvariantCulture, $"lodged {received.DayNumber - incident!.Value.DayNumber} days after the event, more than the {procedure.LodgingWindowDays} days allowed; {reading.Incident.Reason}"),
                RejectionReason.Late, complainant, null)
            {
                IncidentDate = incident, Language = language,
            };
        }

        foreach (var earlier in await earlierCasesOf(complainant.Address, cancellationToken).ConfigureAwait(false))
        {
            if (earlier.Status == CaseStatus.Rejected || !SameMatter(reading.Matter, SubjectNormaliser.Normalise(earlier.Subject), text, earlier.Description))
            {
                continue;
            }
            if (earlier.Status == CaseStatus.Resolved)
            {
                return new IntakeDecision.Rejected(string.Create(CultureInfo.InvariantCulture, $"the same matter as {earlier.Number}, decided on {earlier.ClosedAt:yyyy-MM-dd}"),
                    RejectionReason.Duplicate, complainant, earlier)
                {
                    IncidentDate = incident, Language = language,
                };
            }
            if (earlier.Status is not CaseStatus.Withdrawn)
            {
                return FollowUpOn(earlier, incident);
            }
        }

        return new IntakeDecision.Registered(relayAddress is null ? $"a complaint by email; {reading.Incident.Reason}" : $"a complaint relayed by {relayAddress}, accepted (Intake:AcceptOtherChannels); {reading.Incident.Reason}",
            complainant, relayAddress)
        {
            IncidentDate = incident, Language = language,
        };
    }

    /// <summary>A repeat of the open case <paramref name="earlier"/>: added to it as a follow-up.</summary>
    public static IntakeDecision.FollowUp FollowUpOn(Case earlier, DateOnly? incident)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new IntakeDecision.FollowUp($"the same matter as the open case {earlier.Number}", earlier, null, false)
        {
            IncidentDate = incident, Language = earlier.Language,
        };
    }

    // The same matter: the same subject once reply prefixes and case tags are gone, or much the same text.
    private static bool SameMatter(string subjectKey, string earlierSubjectKey, string text, string earlierText) =>
        (subjectKey.Length > 0 && subjectKey == earlierSubjectKey) || TextSimilarity.AreSimilar(text, earlierText);

    // Machine mail is never answered. A bounce of one of our own mails is linked to the case that sent it.
    private async Task<IntakeDecision> MachineMailAsync(MimeMessage parsed, MachineMailVerdict machine, CancellationToken cancellationToken)
    {
        var ignored = new IntakeDecision.Ignored($"{IntakeDecision.MachineMail} ({machine.Kind}): {machine.Reason}");
        if (machine.Kind is not (MachineMailKind.DeliveryStatus or MachineMailKind.ForwardedDeliveryStatus)
            || machineMail.ReadBounce(parsed, machine) is not { OriginalMessageId: { } original } bounce)
        {
            return ignored;
        }
        var caseIds = await outbox.CasesOfMessageIdsAsync([original], cancellationToken).ConfigureAwait(false);
        return caseIds.TryGetValue(original, out var caseId) && await cases.FindAsync(caseId, cancellationToken).ConfigureAwait(false) is { } bounced
            ? new IntakeDecision.BounceOfOurMail($"{ignored.Reason}; a bounce of our mail {original} of {bounced.Number}", bounced, bounce)
            : ignored;
    }

    // A reply on one of our threads: matched by our Message-ID whose token verifies for the sender, else by a case
    // number (subject tag, or one of our Message-IDs without a valid token) when the sender is part of that case.
    // Anybody else who sends commands on a case's thread gets nothing: ignored as a suspected spoof, never answered. Without
    // commands their message is read as what it is otherwise (a new complaint gets its own case; nothing of the other case is told).
    private async Task<IntakeDecision?> ThreadReplyAsync(MimeMessage parsed, MessageReading reading, string sender, CancellationToken cancellationToken)
    {
        if (reading.VerifiedThread is { } verified
            && await cases.FindAsync(verified.CaseNumber, cancellationToken).ConfigureAwait(false) is { } byToken && RoleOf(byToken, sender) is { } tokenRole)
        {
            return Reply(byToken, tokenRole, authenticated: true, $"a reply on the thread of {byToken.Number} (our Message-ID, token valid for the sender)");
        }
        var claimed = reading.ClaimedCase;
        var registered = handlers.FirstOrDefault(handler => string.Equals(handler.Email, sender, StringComparison.OrdinalIgnoreCase));
        if (claimed is null || await cases.FindAsync(claimed, cancellationToken).ConfigureAwait(false) is not { } @case)
        {
            // Commands from a handler that name no case: never a complaint; the handler hears how to reply instead.
            return registered is null || !HandlerCommands.IsCommandBlock(reading.Text) ? null
                : new IntakeDecision.UnmatchedCommands("commands from a registered handler that name no case and answer none of our mails; the handler is told", registered)
                {
                    Language = reading.Language,
                };
        }
        if (RoleOf(@case, sender) is not { } role)
        {
            // The registered handler, if that is whose address it is, hears that nothing was done; nothing of the case is told.
            return !HandlerCommands.IsCommandBlock(reading.Text) ? null : new IntakeDecision.SuspectedSpoof(
                $"suspected spoof: claims the thread of {@case.Number} but the sender is not part of that case; nothing changed{(registered is null ? ", nothing answered" : "; the registered handler is told")}",
                @case.Number, registered)
            {
                Language = reading.Language,
            };
        }
        var authenticated = role != ThreadSender.Complainant && await authentication.PassesAsync(parsed, sender, cancellationToken).ConfigureAwait(false);
        return Reply(@case, role, authenticated, $"a reply on the thread of {@case.Number} (case number in the subject or our Message-ID; sender part of the case{(authenticated ? ", Authentication-Results pass" : "")})");
    }

    private static IntakeDecision.FollowUp Reply(Case @case, ThreadSender role, bool authenticated, string reason) => new(reason, @case, role, authenticated)
    {
        Language = @case.Language,
    };

    // The case a message claims to belong to: the subject's case tag, else the case number in one of our Message-IDs it answers.
    private CaseNumber? ClaimedCase(MimeMessage parsed)
    {
        var tag = CaseTag().Match(parsed.Subject ?? "");
        if (tag.Success && CaseNumber.TryParse(tag.Groups[1].Value, out var number))
        {
            return number;
        }
        foreach (var id in new[] { parsed.InReplyTo }.Concat(parsed.References.Reverse()))
        {
            if (tokens.TryRead(id, mail.Domain, out var reference))
            {
                return reference.CaseNumber;
            }
        }
        return null;
    }

    private ThreadSender? RoleOf(Case @case, string sender)
    {
        if (string.Equals(@case.Complainant.Address, sender, StringComparison.OrdinalIgnoreCase))
        {
            return ThreadSender.Complainant;
        }
        if (string.Equals(@case.HandlerEmail, sender, StringComparison.OrdinalIgnoreCase))
        {
            return ThreadSender.Handler;
        }
        return handlers.Any(handler => handler.Role == HandlerRole.Director && string.Equals(handler.Email, sender, StringComparison.OrdinalIgnoreCase))
            ? ThreadSender.Director
            : null;
    }

    private string? OtherChannel(MimeMessage parsed, string sender)
    {
        if (IsRelaySender(sender))
        {
            return "relayed from another channel (sender listed in Intake:OtherChannelSenders)";
        }
        foreach (var marker in intake.OtherChannelHeaders)
        {
            var colon = marker.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? marker.Trim() : marker[..colon].Trim();
            var needle = colon < 0 ? null : marker[(colon + 1)..].Trim();
            if (MessageParts.All(parsed.Headers, name).Any(header => needle is null || header.Value.Contains(needle, StringComparison.OrdinalIgnoreCase)))
            {
                return $"relayed from another channel (header {name} listed in Intake:OtherChannelHeaders)";
            }
        }
        return null;
    }

    private bool IsRelaySender(string address) => intake.OtherChannelSenders.Any(entry => entry.StartsWith('@')
        ? address.EndsWith(entry, StringComparison.OrdinalIgnoreCase)
        : string.Equals(address, entry, StringComparison.OrdinalIgnoreCase));


    // Reply-To when it names a person (one address with a display name), else From.
    private static Complainant ComplainantOf(MimeMessage parsed, MailboxAddress sender)
    {
        var replyTos = MessageAddresses.ReplyTo(parsed);
        var replyTo = replyTos.Count == 1 && !string.IsNullOrWhiteSpace(replyTos[0].Name) ? replyTos[0] : null;
        var person = replyTo ?? sender;
        return new Complainant(NameOf(person), person.Address);
    }

    private static string? NameOf(MailboxAddress address) => string.IsNullOrWhiteSpace(address.Name) ? null : address.Name.Trim();

    [GeneratedRegex(@"\[([A-Za-z][A-Za-z0-9]{0,15}-\d{4}-\d{1,9})\]")]
    private static partial Regex CaseTag();
}
