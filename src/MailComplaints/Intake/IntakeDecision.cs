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
}

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
/// What the intake does with one message, and why. Every decision is recorded with its reason in the ledger
/// and, for complaints, in the case's audit trail; <c>inspect</c> shows it without acting on it.
/// </summary>
public sealed record IntakeDecision(MessageOutcome Outcome, string Reason)
{
    /// <summary>For a rejection: which rule.</summary>
    public RejectionReason? Rejection { get; init; }

    /// <summary>The person the case is about and who hears from us.</summary>
    public Complainant? Complainant { get; init; }

    /// <summary>The earlier case this message belongs to (a reply, a follow-up, a repeat, a bounce of our mail).</summary>
    public Case? RelatedCase { get; init; }

    /// <summary>The date of the event the complaint is about, when the text names one.</summary>
    public DateOnly? IncidentDate { get; init; }

    /// <summary>The message's text as registered (read once, by the classifier).</summary>
    public string Text { get; init; } = "";

    /// <summary>nl or en.</summary>
    public string? Language { get; init; }

    /// <summary>For a reply on a case's thread: who wrote it (null for a follow-up that is not a reply).</summary>
    public ThreadSender? ThreadSender { get; init; }

    /// <summary>For a reply on a case's thread: whether the sender proved who they are (a valid token in our Message-ID, or a trusted Authentication-Results pass).</summary>
    public bool Authenticated { get; init; }

    /// <summary>For a suspected spoof (someone outside the case claims its thread): the case claimed, for the log only.</summary>
    public CaseNumber? Spoof { get; init; }

    /// <summary>For commands from a registered handler's address that matched no case of theirs: whom to tell, and why.</summary>
    public (Handler Handler, UnmatchedReply Cause)? Unmatched { get; init; }

    /// <summary>For a complaint relayed from another channel and accepted: the relay's address.</summary>
    public string? RelayAddress { get; init; }

    /// <summary>
    /// For a repeat of a complaint registered earlier in the same batch: that complaint's position in the batch. Its case has no
    /// number yet when this is decided; the intake links the follow-up to it once it is registered (<see cref="IntakeClassifier.FollowUpOn"/>).
    /// </summary>
    public int? RegisteredInBatch { get; init; }

    /// <summary>For a bounce of one of our own mails, linked to <see cref="RelatedCase"/>: what the report says.</summary>
    public BounceReport? Bounce { get; init; }
}
