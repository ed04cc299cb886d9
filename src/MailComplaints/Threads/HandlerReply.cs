namespace MailComplaints.Threads;

/// <summary>What a handler's reply says: its commands, the command lines that could not be read, and the text for the complainant.</summary>
/// <param name="Commands">The commands read, in the order written.</param>
/// <param name="Errors">The command lines that could not be read, each with what is wrong.</param>
/// <param name="MessageToComplainant">The handler's own text that is no command, trimmed; null when there is none.</param>
public sealed record HandlerReply(IReadOnlyList<HandlerCommand> Commands, IReadOnlyList<CommandError> Errors, string? MessageToComplainant);

/// <summary>What is wrong with a command line; the refusal mail's template words it in the handler's language.</summary>
public enum CommandProblem
{
    /// <summary>The word after <c>#</c> is no command.</summary>
    UnknownCommand,

    /// <summary>The command needs text after it (a solution, a note, a handler) and has none.</summary>
    NeedsText,

    /// <summary>Something follows a command that takes nothing.</summary>
    TakesNothing,

    /// <summary>The agreement is neither yes nor no.</summary>
    NeedsYesNo,

    /// <summary>The term command has neither a date nor a number of weeks.</summary>
    NeedsTerm,

    /// <summary>Text follows the date of a term.</summary>
    ExtraAfterDate,

    /// <summary>A number of weeks outside 1 to 52.</summary>
    WeeksOutOfRange,

    /// <summary>Neither a date nor a number of weeks.</summary>
    NotATerm,

    /// <summary>Looks like a date but does not exist (31 februari).</summary>
    NotADate,

    /// <summary>A date without its year.</summary>
    NoYear,

    /// <summary>An extension without a date at its start.</summary>
    NeedsDateAndReason,

    /// <summary>An extension with a date and no reason.</summary>
    NeedsReason,
}

/// <summary>A command line that could not be read.</summary>
/// <param name="Line">The line as written, trimmed.</param>
/// <param name="Keyword">The command as the handler wrote it, with its <c>#</c> (the keyword in lower case when it is known).</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="Found">The text the problem is about (empty when there is none).</param>
public sealed record CommandError(string Line, string Keyword, CommandProblem Problem, string Found = "");
