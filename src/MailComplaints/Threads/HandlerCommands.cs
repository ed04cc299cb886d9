using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using MailComplaints.Intake.Text;

namespace MailComplaints.Threads;

/// <summary>
/// Reads a handler's reply (docs/threads.md). Every line of the handler's own text that starts with <c>#</c> is a command,
/// keywords in Dutch or English in any case, wherever it stands: nothing that starts with <c>#</c> ever reaches a
/// complainant. The text of <c>#oplossing</c>, <c>#intern</c>, <c>#oorzaak</c>, <c>#maatregel</c> and the reason of <c>#verlengen</c> run on over the lines
/// below until the next command or a blank line. Every other line is the message to the complainant. Quoted earlier mail,
/// the signature and the line a phone adds ("Verstuurd vanaf mijn iPhone") never count.
/// </summary>
public static partial class HandlerCommands
{
    private enum Verb { Solution, Agreement, Term, Extend, Escalate, Refer, Assign, Internal, Close, Category, Cause, Measure, Help }

    private sealed record Keyword(string Word, Verb Verb, bool Dutch);

    private static readonly Keyword[] All =
    [
        new("oplossing", Verb.Solution, true), new("akkoord", Verb.Agreement, true), new("termijn", Verb.Term, true),
        new("verlengen", Verb.Extend, true), new("escaleren", Verb.Escalate, true), new("doorverwijzen", Verb.Refer, true),
        new("toewijzen", Verb.Assign, true), new("intern", Verb.Internal, true), new("afsluiten", Verb.Close, true),
        new("categorie", Verb.Category, true), new("oorzaak", Verb.Cause, true), new("maatregel", Verb.Measure, true), new("hulp", Verb.Help, true),
        new("solution", Verb.Solution, false), new("agreement", Verb.Agreement, false), new("term", Verb.Term, false),
        new("extend", Verb.Extend, false), new("escalate", Verb.Escalate, false), new("refer", Verb.Refer, false),
        new("assign", Verb.Assign, false), new("internal", Verb.Internal, false), new("close", Verb.Close, false),
        new("category", Verb.Category, false), new("cause", Verb.Cause, false), new("measure", Verb.Measure, false), new("help", Verb.Help, false),
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
        var commands = new List<HandlerCommand>();
        var errors = new List<CommandError>();
        var message = new List<string>();
        List<string>? reading = null; // the lines of the command being read: its own line and those its text runs on over

        void Finish()
        {
            if (reading is null)
            {
                return;
            }
            var (command, error) = Read(reading[0], string.Join('\n', reading.Skip(1)));
            if (command is not null)
            {
                commands.Add(command);
            }
            if (error is not null)
            {
                errors.Add(error);
            }
            reading = null;
        }

        // With the handler's closing: a message goes to the complainant as it was written. The lines of the own text
        // come first and are the same in both; a command counts only above the closing, and below it is dropped.
        var aboveClosing = QuotedTextStripper.OwnText(text).AsSpan().Count('\n') + 1;
        var lines = QuotedTextStripper.OwnTextWithClosing(text).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var raw = lines[index];
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                Finish();
                reading = index < aboveClosing ? [line] : null;
            }
            else if (line.Length == 0)
            {
                Finish();
                message.Add("");
            }
            else if (reading is not null && TakesText(reading[0]))
            {
                reading.Add(line);
            }
            else
            {
                Finish();
                message.Add(raw.TrimEnd());
            }
        }
        Finish();
        var own = Paragraphs(message);
        // A closing alone ("Met vriendelijke groet, Petra" under the commands) is no message.
        return new HandlerReply(commands, errors, QuotedTextStripper.OwnText(own).Length == 0 ? null : own);
    }

    // The message's lines with blank lines left by the commands between them folded to one.
    private static string Paragraphs(List<string> lines)
    {
        var kept = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            if (line.Length > 0 || (kept.Count > 0 && kept[^1].Length > 0))
            {
                kept.Add(line);
            }
        }
        return string.Join('\n', kept).Trim();
    }

    private static bool TakesText(string line) =>
        ByWord.TryGetValue(WordOf(line), out var keyword) && keyword.Verb is Verb.Solution or Verb.Internal or Verb.Extend or Verb.Cause or Verb.Measure;

    private static string WordOf(string line)
    {
        var space = line.AsSpan(1).IndexOfAny(' ', '\t');
        return (space < 0 ? line[1..] : line[1..(space + 1)]).TrimEnd(':');
    }

    // line: the command's own line; more: the lines its text runs on over, joined by '\n'.
    private static (HandlerCommand? Command, CommandError? Error) Read(string line, string more)
    {
        var word = WordOf(line);
        var space = line.AsSpan(1).IndexOfAny(' ', '\t');
        var argument = string.Join('\n', new[] { space < 0 ? "" : line[(space + 2)..].Trim(), more }.Where(part => part.Length > 0));
        if (!ByWord.TryGetValue(word, out var keyword))
        {
            return (null, new CommandError(line, "#" + word, CommandProblem.UnknownCommand));
        }
        var name = "#" + keyword.Word;
        CommandError Error(CommandProblem problem, string found = "") => new(line, name, problem, found);
        return keyword.Verb switch
        {
            Verb.Solution => argument.Length == 0 ? (null, Error(CommandProblem.NeedsText)) : (new RecordSolution(line, argument), null),
            Verb.Agreement => YesNo.TryGetValue(argument.TrimEnd('.', '!'), out var agrees)
                ? (new RecordAgreement(line, agrees), null)
                : (null, Error(CommandProblem.NeedsYesNo, argument)),
            Verb.Term => Term(line, argument, Error),
            Verb.Extend => Extension(line, argument, Error),
            Verb.Escalate => Bare(argument, new Escalate(line), Error),
            Verb.Refer => Bare(argument, new Refer(line), Error),
            Verb.Assign => argument.Length == 0 ? (null, Error(CommandProblem.NeedsText)) : (new Assign(line, argument), null),
            Verb.Internal => argument.Length == 0 ? (null, Error(CommandProblem.NeedsText)) : (new InternalNote(line, argument), null),
            Verb.Close => Bare(argument, new Close(line), Error),
            Verb.Category => argument.Length == 0 ? (null, Error(CommandProblem.NeedsText)) : (new SetCategory(line, argument), null),
            Verb.Cause => argument.Length == 0 ? (null, Error(CommandProblem.NeedsText)) : (new RecordCause(line, argument), null),
            Verb.Measure => argument.Length == 0 ? (null, Error(CommandProblem.NeedsText)) : (new RecordMeasure(line, argument), null),
            Verb.Help => (new Help(line), null),
            _ => (null, Error(CommandProblem.UnknownCommand)),
        };
    }

    // Nothing may follow these: a word after #afsluiten is more likely a mistake than a wish to close.
    private static (HandlerCommand?, CommandError?) Bare(string argument, HandlerCommand command, Func<CommandProblem, string, CommandError> error) =>
        argument.Length == 0 ? (command, null) : (null, error(CommandProblem.TakesNothing, argument));

    private static (HandlerCommand?, CommandError?) Term(string line, string argument, Func<CommandProblem, string, CommandError> error)
    {
        if (argument.Length == 0)
        {
            return (null, error(CommandProblem.NeedsTerm, ""));
        }
        if (CommandDates.TryParse(argument, out var date, out var consumed, out var problem))
        {
            var rest = argument[consumed..].Trim();
            return rest.Length == 0 ? (new SetTerm(line, date, null), null) : (null, error(CommandProblem.ExtraAfterDate, rest));
        }
        if (Weeks().Match(argument) is { Success: true } weeks)
        {
            var count = int.Parse(weeks.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            return count is >= 1 and <= 52 ? (new SetTerm(line, null, count), null) : (null, error(CommandProblem.WeeksOutOfRange, argument));
        }
        return (null, problem is { } dateProblem ? error(dateProblem.Problem, dateProblem.Found) : error(CommandProblem.NotATerm, argument));
    }

    private static (HandlerCommand?, CommandError?) Extension(string line, string argument, Func<CommandProblem, string, CommandError> error)
    {
        if (!CommandDates.TryParse(argument, out var date, out var consumed, out var problem))
        {
            return (null, problem is { } dateProblem ? error(dateProblem.Problem, dateProblem.Found) : error(CommandProblem.NeedsDateAndReason, argument));
        }
        var reason = argument[consumed..].TrimStart(' ', '\t', ',', ':', ';', '-', '–').Trim();
        return reason.Length == 0 ? (null, error(CommandProblem.NeedsReason, "")) : (new Extend(line, date, reason), null);
    }

    [GeneratedRegex(@"^(?<n>\d{1,3})\s*(?:weken|weeks|week)?\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Weeks();
}
