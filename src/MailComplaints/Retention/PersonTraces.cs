using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailComplaints.Cases;
using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Retention;

/// <summary>
/// How one person shows in a message or a mail that belongs to no case (an auto-reply, a failed message, a handler's
/// overview): their address, a name they wrote under, or the number of one of their cases, in any case. A message is
/// read twice: as its bytes, and decoded (headers, text parts, file names, enclosed messages), since a name with an
/// accent travels encoded. Among mail of no case, erasure removes rather too much than too little.
/// </summary>
public sealed class PersonTraces
{
    private readonly Regex pattern;

    /// <summary>The traces of the person with <paramref name="address"/>, <paramref name="names"/> and <paramref name="cases"/>.</summary>
    public PersonTraces(string address, IEnumerable<string?> names, IEnumerable<CaseNumber> cases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        // A name matches as whole words, however it is spaced or wrapped; a case number not inside a longer one.
        var alternatives = new[] { Regex.Escape(address.Trim()) }
            .Concat(names.OfType<string>().Select(name => name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Where(words => words.Length > 0)
                .Select(words => $@"(?<!\w){string.Join(@"\s+", words.Select(Regex.Escape))}(?!\w)"))
            .Concat(cases.Select(number => $"(?<![0-9]){Regex.Escape(number.ToString())}(?![0-9])"))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        pattern = new Regex(string.Join('|', alternatives), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
    }

    /// <summary>True when the text names the person.</summary>
    public bool In(string? text) => text is not null && pattern.IsMatch(text);

    /// <summary>True when a message's bytes, or the message decoded, name the person.</summary>
    public bool InMessage(byte[]? raw)
    {
        if (raw is null || raw.Length == 0)
        {
            return false;
        }
        if (In(Encoding.UTF8.GetString(raw)))
        {
            return true;
        }
        try
        {
            return InEntity(MessageParser.Parse(raw));
        }
        catch (FormatException)
        {
            return false; // not a message MimeKit reads: its bytes were all there is
        }
    }

    /// <summary>True when one of the values of an outbox draft (JSON, whose strings may be escaped) names the person.</summary>
    public bool InDraft(string? json)
    {
        if (json is null)
        {
            return false;
        }
        using var document = JsonDocument.Parse(json);
        return InJson(document.RootElement);
    }

    private bool InEntity(MimeMessage message) =>
        message.Headers.Any(header => In(header.Value)) || MessageParts.Leaves(message.Body).Any(leaf => leaf switch
        {
            MessagePart { Message: { } enclosed } => InEntity(enclosed),
            TextPart text => In(MessageParts.Text(text)) || In(text.FileName),
            MimePart part => In(part.FileName),
            _ => false,
        });

    private bool InJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => In(element.GetString()),
        JsonValueKind.Object => element.EnumerateObject().Any(property => InJson(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(InJson),
        _ => false,
    };
}
