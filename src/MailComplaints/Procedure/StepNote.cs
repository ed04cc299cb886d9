using MailComplaints.Cases;

namespace MailComplaints.Procedure;

/// <summary>What a step of the procedure did, or why it was refused: worded for the handler by the partial <c>procedure-step</c>.</summary>
public enum StepOutcome
{
    /// <summary>Refused: the date lies in the past.</summary>
    TermInThePast,

    /// <summary>Refused: the date lies beyond the maximum term without an extension.</summary>
    TermBeyondMaximum,

    /// <summary>The handling term was set.</summary>
    TermSet,

    /// <summary>Refused: an extension must end after the current term.</summary>
    ExtensionNotLater,

    /// <summary>Refused: an extension needs a reason.</summary>
    ExtensionWithoutReason,

    /// <summary>The term was extended; the complainant is told the reason.</summary>
    Extended,

    /// <summary>Refused: the case is with the director already.</summary>
    AlreadyWithTheDirector,

    /// <summary>The case went to the director.</summary>
    Escalated,

    /// <summary>Refused: the case is with the third party already.</summary>
    AlreadyWithTheThirdParty,

    /// <summary>The case went to the third party.</summary>
    Referred,

    /// <summary>The solution was recorded.</summary>
    SolutionRecorded,

    /// <summary>Recorded: the complainant agrees.</summary>
    ComplainantAgrees,

    /// <summary>Recorded: the complainant does not agree.</summary>
    ComplainantDisagrees,

    /// <summary>Refused: a case closes only with its solution recorded.</summary>
    SolutionFirst,

    /// <summary>The case was closed; the complainant got the summary.</summary>
    Closed,

    /// <summary>Refused: that handler has the case already.</summary>
    AlreadyTheirs,

    /// <summary>The case went to another handler.</summary>
    Assigned,

    /// <summary>The internal note was added.</summary>
    NoteAdded,

    /// <summary>The complainant withdrew the complaint.</summary>
    Withdrawn,

    /// <summary>Refused: the case is closed already.</summary>
    AlreadyClosed,

    /// <summary>The handler's message went to the complainant.</summary>
    MessageSent,

    /// <summary>Refused: no registered handler has that name or address.</summary>
    NoSuchHandler,

    /// <summary>The case was filed under a category.</summary>
    CategorySet,

    /// <summary>Refused: no category of <c>Procedure:Categories</c> has that key or name (or more than one starts so).</summary>
    NoSuchCategory,

    /// <summary>The possible cause was recorded.</summary>
    CauseRecorded,

    /// <summary>The measure was recorded; the complainant is told what will change.</summary>
    MeasureRecorded,
}

/// <summary>
/// A step's outcome with the values its wording names: the date the handler wrote and the working day it became, the
/// term before, the maximum term, a handler's or the third party's name, the case's status.
/// </summary>
public sealed record StepNote(StepOutcome Outcome)
{
    /// <summary>The date as the handler wrote it.</summary>
    public DateOnly? Written { get; init; }

    /// <summary>The date that took effect: the working day on or after <see cref="Written"/>, or the director's answer date.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>The term before the change.</summary>
    public DateOnly? Previous { get; init; }

    /// <summary>The maximum term.</summary>
    public DateOnly? Maximum { get; init; }

    /// <summary>A handler's name, or the third party's.</summary>
    public string? Name { get; init; }

    /// <summary>The case's status, for <see cref="StepOutcome.AlreadyClosed"/>.</summary>
    public CaseStatus? Status { get; init; }

    /// <summary>For <see cref="StepOutcome.NoSuchHandler"/> and <see cref="StepOutcome.NoSuchCategory"/>: the names to choose from.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];
}
