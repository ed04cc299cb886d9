namespace MailComplaints.Threads;

/// <summary>What a handler's reply says: the commands at its top, the command lines that could not be read, and the text for the complainant below them.</summary>
/// <param name="Commands">The commands read, in the order written.</param>
/// <param name="Errors">The command lines that could not be read, each with the reason.</param>
/// <param name="MessageToComplainant">The handler's own text below the commands, trimmed; null when there is none.</param>
public sealed record HandlerReply(IReadOnlyList<HandlerCommand> Commands, IReadOnlyList<CommandError> Errors, string? MessageToComplainant);

/// <summary>A command line that could not be read.</summary>
/// <param name="Line">The line as written, trimmed.</param>
/// <param name="Reason">What was expected and what was found, for the handler's refusal mail.</param>
public sealed record CommandError(string Line, string Reason);
