using MailComplaints.Cases;
using MailComplaints.Intake.Classification;
using MailComplaints.Intake.Text;
using MailComplaints.Procedure;
using MimeKit;
using MailComplaints.Mailboxes;
using MailComplaints.Threads;

namespace MailComplaints.Intake;

/// <summary>Why the procedure does not take a complaint into handling.</summary>
public enum RejectionReason
{
    /// <summary>Lodged more than the lodging window after the event.</summary>
    Late,

    /// <summary>Not sent by email by the complainant: relayed from a web form, a letter, a phone note.</summary>
    OtherChannel,

    /// <summary>The same complainant and matter already had a decision.</summary>
    Duplicate,
}

/// <summary>Who wrote a reply on one of a case's threads.</summary>
public enum ThreadSender
{
    /// <summary>The complainant: the reply is added to the case (or withdraws it).</summary>
    Complainant,

    /// <summary>The case's handler: may give commands.</summary>
    Handler,

    /// <summary>The director: may give commands on any case.</summary>
    Director,
}

/// <summary>A message read from the mailbox, before it is classified.</summary>
/// <param name="Source">Where it is in the mailbox.</param>
/// <param name="Raw">Its bytes as read (empty when it was too large to read).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Raw"/>.</param>
/// <param name="Parsed">The parsed message, or null when it could not be read.</param>
/// <param name="Unreadable">Why it could not be read, or null.</param>
public sealed record IncomingMessage(MailboxMessage Source, byte[] Raw, string Sha256, MimeMessage? Parsed, string? Unreadable)
{
    /// <summary>What the classifier read from the message on its own (<see cref="IntakeClassifier.Read"/>), once done; null until then.</summary>
    public MessageReading? Reading { get; init; }

    /// <summary>The id the message is known by in the logs: its Message-ID, or where it has none its place in the mailbox.</summary>
    public string LogId => Parsed?.MessageId ?? Source.SourceKey;

    /// <summary>The message's line in the ledger: its outcome and reason by <paramref name="decision"/>, and the case it went to.</summary>
    public InboundRecord Record(IntakeDecision decision, long? caseId)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(Source.SourceKey, Parsed?.MessageId, Sha256, Raw, decision.Outcome, decision.Reason, caseId, Source.ArrivedAt);
    }
}

/// <summary>A message with what the classifier decided about it.</summary>
public sealed record DecidedMessage(IncomingMessage Message, IntakeDecision Decision);

/// <summary>
/// Everything the classifier learns from a message without the database: its text, whether it is machine mail, the
/// sender, the language, the claimed thread, the relay markers, the date of the event and the matter. The intake reads
/// a batch while the batch before it is being stored; the decision then needs only the database's part.
/// </summary>
public sealed record MessageReading(
    string Text,
    MachineMailVerdict? MachineMail,
    MailboxAddress? Sender,
    string Language,
    ThreadReference? VerifiedThread,
    CaseNumber? ClaimedCase,
    string? OtherChannel,
    IncidentDateReading Incident,
    string Matter);

/// <summary>
/// What the intake does with one message, and why: one of the closed set of records nested here. Every decision is
/// recorded with its reason in the ledger and, for complaints, in the case's audit trail; <c>inspect</c> shows it
/// without acting on it.
/// </summary>
public abstract record IntakeDecision(string Reason)
{
    /// <summary>How the reason of ignored machine mail begins, in the ledger too: the analysis counts machine mail by it.</summary>
    public const string MachineMail = "machine mail";

    /// <summary>What the ledger records.</summary>
    public abstract MessageOutcome Outcome { get; }

    /// <summary>The message's text (read once, by the classifier).</summary>
    public string Text { get; init; } = "";

    /// <summary>nl or en, when known.</summary>
    public string? Language { get; init; }

    /// <summary>The date of the event the complaint is about, when the text names one.</summary>
    public DateOnly? IncidentDate { get; init; }

    /// <summary>The earlier case the message belongs to, if any (for <c>inspect</c>).</summary>
    public virtual Case? RelatedCase => null;

    /// <summary>A complaint to register as a new case, from the complainant (by email, or through a relay that is accepted).</summary>
    /// <param name="RelayAddress">The relay's address, for a complaint relayed from another channel and accepted.</param>
    public sealed record Registered(string Reason, Complainant Complainant, string? RelayAddress) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.Registered;
    }

    /// <summary>A complaint the procedure does not take into handling, by <paramref name="Rule"/>; answered when it names somebody.</summary>
    /// <param name="Complainant">Who hears why; null when a relay names nobody.</param>
    /// <param name="Decided">For <see cref="RejectionReason.Duplicate"/>: the case that decided the same complaint.</param>
    public sealed record Rejected(string Reason, RejectionReason Rule, Complainant? Complainant, Case? Decided) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.Rejected;

        /// <inheritdoc />
        public override Case? RelatedCase => Decided;
    }

    /// <summary>The same matter as an open case, or a reply on one of its threads: added to it.</summary>
    /// <param name="Sender">For a reply on a case's thread: who wrote it; null for a repeat that is not a reply.</param>
    /// <param name="Authenticated">For a reply: whether the sender proved who they are (a valid token, or a trusted Authentication-Results pass).</param>
    public sealed record FollowUp(string Reason, Case Case, ThreadSender? Sender, bool Authenticated) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.FollowUp;

        /// <inheritdoc />
        public override Case? RelatedCase => Case;
    }

    /// <summary>
    /// The same matter as a complaint registered earlier in the same batch, at position <paramref name="RegisteredInBatch"/>:
    /// its case has no number yet; the intake makes this a <see cref="FollowUp"/> on it once it is registered.
    /// </summary>
    public sealed record RepeatInBatch(string Reason, int RegisteredInBatch) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.FollowUp;
    }

    /// <summary>Nothing to do: machine mail, a copy of a message handled before.</summary>
    public sealed record Ignored(string Reason) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.Ignored;
    }

    /// <summary>A bounce of one of our mails of <paramref name="Case"/>: never answered; the handler is told.</summary>
    public sealed record BounceOfOurMail(string Reason, Case Case, BounceReport Bounce) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.Ignored;

        /// <inheritdoc />
        public override Case? RelatedCase => Case;
    }

    /// <summary>
    /// Commands on the thread of <paramref name="Claimed"/> from outside that case: nothing changes. When the address is
    /// a registered handler's, that handler hears that nothing was done (<paramref name="RegisteredHandler"/>); nobody else does.
    /// </summary>
    public sealed record SuspectedSpoof(string Reason, CaseNumber Claimed, Handler? RegisteredHandler) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.Ignored;
    }

    /// <summary>Commands from a registered handler that name no case: never a complaint; the handler hears how to reply instead.</summary>
    public sealed record UnmatchedCommands(string Reason, Handler Handler) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.Ignored;
    }

    /// <summary>A message that cannot be handled: to the Failed folder with the reason.</summary>
    public sealed record Failed(string Reason) : IntakeDecision(Reason)
    {
        /// <inheritdoc />
        public override MessageOutcome Outcome => MessageOutcome.Failed;
    }
}
