using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using MailComplaints.Intake.Text;

namespace MailComplaints.Threads;

/// <summary>
/// Reads the commands at the top of a handler's reply (docs/threads.md): after any blank lines, one command per line
/// starting with <c>#</c>, keywords in Dutch or English in any case. The first other line ends the commands; from there
/// on the text goes to the complainant. Quoted earlier mail and the signature never count.
/// </summary>
public static partial class HandlerCommands
{
    private enum Verb { Solution, Agreement, Term, Extend, Escalate, Refer, Assign, Internal, Close }

    private sealed record Keyword(string Word, Verb Verb, bool Dutch);

    private static readonly Keyword[] All =
    [
        new("oplossing", Verb.Solution, true), new("akkoord", Verb.Agreement, true), new("termijn", Verb.Term, true),
        new("verlengen", Verb.Extend, true), new("escaleren", Verb.Escalate, true), new("doorverwijzen", Verb.Refer, true),
        new("toewijzen", Verb.Assign, true), new("intern", Verb.Internal, true), new("afsluiten", Verb.Close, true),
        new("solution", Verb.Solution, false), new("agreement", Verb.Agreement, false), new("term", Verb.Term, false),
        new("extend", Verb.Extend, false), new("escalate", Verb.Escalate, false), new("refer", Verb.Refer, false),
        new("assign", Verb.Assign, false), new("internal", Verb.Internal, false), new("close", Verb.Close, false),
    ];

    private static readonly FrozenDictionary<string, Keyword> ByWord = All.ToFrozenDictionary(keyword => keyword.Word, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, bool> YesNo = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["ja"] = true, ["j"] = true, ["yes"] = true, ["y"] = true, ["nee"] = false, ["n"] = false, ["no"] = false,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every keyword of <paramref name="language"/> (<c>nl</c> or <c>en</c>) with its <c>#</c>, in the order of the documentation.</summary>
    public static IReadOnlyList<string> KeywordsOf(string language) =>
        [.. All.Where(keyword => keyword.Dutch == string.Equals(language, "nl", StringComparison.OrdinalIgnoreCase)).Select(keyword => "#" + keyword.Word)];

    /// <summary>Whether the first non-blank line of the sender's own text starts with <c>#</c>.</summary>
    public static bool IsCommandBlock(string? text) =>
        QuotedTextStripper.OwnText(text).Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) is { } first && first.StartsWith('#');

    /// <summary>The commands, the errors and the message to the complainant in the reply text <paramref name="text"/>.</summary>
    public static HandlerReply Parse(string? text)
    {
        var lines = QuotedTextStripper.OwnText(text).Split('\n');
        var commands = new List<HandlerCommand>();
        var errors = new List<CommandError>();
        var index = 0;
        for (; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (!line.StartsWith('#'))
            {
                break;
            }
            var (command, reason) = Read(line);
            if (command is not null)
            {
                commands.Add(command);
            }
            else
            {
                errors.Add(new CommandError(line, reason!));
            }
        }
        var message = string.Join('\n', lines[index..]).Trim();
        return new HandlerReply(commands, errors, message.Length == 0 ? null : message);
    }

    private static (HandlerCommand? Command, string? Reason) Read(string line)
    {
        var space = line.AsSpan(1).IndexOfAny(' ', '\t');
        var word = (space < 0 ? line[1..] : line[1..(space + 1)]).TrimEnd(':');
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        if (!ByWord.TryGetValue(word, out var keyword))
        {
            return (null, $"unknown command '#{word}'");
        }
        var name = "#" + keyword.Word;
        return keyword.Verb switch
        {
            Verb.Solution => Text(argument, text => new RecordSolution(line, text), $"{name} needs the text of the solution"),
            Verb.Agreement => Agreement(line, name, argument, keyword.Dutch),
            Verb.Term => Term(line, name, argument),
            Verb.Extend => Extension(line, name, argument),
            Verb.Escalate => Bare(argument, new Escalate(line), name),
            Verb.Refer => Bare(argument, new Refer(line), name),
            Verb.Assign => Text(argument, handler => new Assign(line, handler), $"{name} needs the name or address of a handler"),
            Verb.Internal => Text(argument, note => new InternalNote(line, note), $"{name} needs the text of the note"),
            Verb.Close => Bare(argument, new Close(line), name),
            _ => (null, $"unknown command '#{word}'"),
        };
    }

    private static (HandlerCommand?, string?) Text(string argument, Func<string, HandlerCommand> command, string missing) =>
        argument.Length == 0 ? (null, missing) : (command(argument), null);

    // Nothing may follow these: a word after #afsluiten is more likely a mistake than a wish to close.
    private static (HandlerCommand?, string?) Bare(string argument, HandlerCommand command, string name) =>
        argument.Length == 0 ? (command, null) : (null, $"{name} takes nothing after it; found '{argument}'");

    private static (HandlerCommand?, string?) Agreement(string line, string name, string argument, bool dutch)
    {
        var answer = argument.TrimEnd('.', '!');
        return YesNo.TryGetValue(answer, out var agrees)
            ? (new RecordAgreement(line, agrees), null)
            : (null, argument.Length == 0 ? $"{name} needs {(dutch ? "ja or nee" : "yes or no")}" : $"{name} needs {(dutch ? "ja or nee" : "yes or no")}; found '{argument}'");
    }

    private static (HandlerCommand?, string?) Term(string line, string name, string argument)
    {
        if (argument.Length == 0)
        {
            return (null, $"{name} needs a date or a number of weeks");
        }
        if (CommandDates.TryParse(argument, out var date, out var consumed, out var problem))
        {
            var rest = argument[consumed..].Trim();
            return rest.Length == 0 ? (new SetTerm(line, date, null), null) : (null, $"{name} takes a date or a number of weeks and nothing more; found '{rest}' after the date");
        }
        if (Weeks().Match(argument) is { Success: true } weeks)
        {
            var count = int.Parse(weeks.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            return count is >= 1 and <= 52 ? (new SetTerm(line, null, count), null) : (null, $"'{argument}' is not between 1 and 52 weeks");
        }
        return (null, problem ?? $"'{argument}' is not a date or a number of weeks");
    }

    private static (HandlerCommand?, string?) Extension(string line, string name, string argument)
    {
        if (argument.Length == 0)
        {
            return (null, $"{name} needs a date and a reason");
        }
        if (!CommandDates.TryParse(argument, out var date, out var consumed, out var problem))
        {
            return (null, problem ?? $"{name} needs a date and a reason; '{argument}' does not start with a date");
        }
        var reason = argument[consumed..].TrimStart(' ', '\t', ',', ':', ';', '-', '–').Trim();
        return reason.Length == 0 ? (null, $"{name} needs a reason after the date") : (new Extend(line, date, reason), null);
    }

    [GeneratedRegex(@"^(?<n>\d{1,3})\s*(?:weken|weeks|week)?\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Weeks();
}
