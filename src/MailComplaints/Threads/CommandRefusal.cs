using MailComplaints.Procedure;
using MailComplaints.Templates;

namespace MailComplaints.Threads;

/// <summary>Why a handler's reply changed nothing, for the refusal mail (template <c>handler-refusal</c>).</summary>
/// <param name="Line">The line that could not be read or was refused; empty when the reply held nothing to act on.</param>
/// <param name="Problem">What is wrong: a <see cref="CommandProblem"/> in kebab case, <c>procedure</c> (the procedure refused the command, see <paramref name="Step"/>) or <c>empty</c>.</param>
/// <param name="Keyword">The command as written, with its <c>#</c>.</param>
/// <param name="Found">The text the problem is about.</param>
/// <param name="Step">For <c>procedure</c>: why the procedure refused the command; null otherwise.</param>
/// <param name="NotApplied">The reply's other commands, which were not applied either.</param>
/// <param name="MessageHeld">Whether the reply had a message for the complainant, which was not sent.</param>
public sealed record CommandRefusal(string Line, string Problem, string Keyword, string Found, StepNote? Step, IReadOnlyList<string> NotApplied, bool MessageHeld)
{
    /// <summary>A reply with neither a command nor a message.</summary>
    public static CommandRefusal Empty { get; } = new("", "empty", "", "", null, [], false);

    /// <summary>The refusal of a line that could not be read.</summary>
    public static CommandRefusal Unreadable(CommandError error, HandlerReply reply)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(reply);
        return new(error.Line, TemplateCodes.Of(error.Problem), error.Keyword, error.Found, null, Others(reply, error.Line), reply.MessageToComplainant is not null);
    }

    /// <summary>The refusal of a command the procedure would not apply, with its reason.</summary>
    public static CommandRefusal ByProcedure(HandlerCommand command, StepNote reason, HandlerReply reply)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(reply);
        return new(command.Line, "procedure", "", "", reason, Others(reply, command.Line), reply.MessageToComplainant is not null);
    }

    private static string[] Others(HandlerReply reply, string line) =>
        [.. reply.Commands.Where(command => command is not Help).Select(command => command.Line).Concat(reply.Errors.Select(error => error.Line)).Where(other => other != line)];
}
