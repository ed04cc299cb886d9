using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MimeKit;

namespace MailComplaints.Outbox;

/// <summary>
/// What a queued mail is made of: the template, the language and the values it is rendered with, the recipient, the
/// thread and the moment it was queued (its Date). The outbox keeps this until the mail is sent and composes the mail
/// then (<see cref="MailComposer.Compose(OutboxEntry)"/>), with the Message-ID fixed when it was queued: queuing a mail
/// in the transaction that causes it costs a few hundred bytes instead of rendering and encoding kilobytes of MIME.
/// </summary>
public sealed record MailDraft(
    string Template,
    string? Language,
    string? CaseNumber,
    MailboxAddress To,
    string? InReplyTo,
    IReadOnlyList<string> References,
    DateTimeOffset Date,
    IReadOnlyDictionary<string, object?> Model)
{
    /// <summary>
    /// The description of the draft's case. A value of the model that is this text (the complaint in an assignment
    /// notice or an escalation) is not written into the JSON but named under <c>fromCase</c>, and read back from the case:
    /// the case keeps it already, and it is most of a draft's size.
    /// </summary>
    public string? CaseDescription { get; init; }

    /// <summary>
    /// The draft as JSON, for the outbox's <c>draft</c> column. The model's values are text, numbers, true/false, null and
    /// lists of such values or of models (the attachment list of an assignment notice).
    /// </summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("template", Template);
            writer.WriteString("language", Language);
            writer.WriteString("case", CaseNumber);
            writer.WriteString("toName", To.Name);
            writer.WriteString("to", To.Address);
            writer.WriteString("inReplyTo", InReplyTo);
            writer.WriteStartArray("references");
            foreach (var reference in References)
            {
                writer.WriteStringValue(reference);
            }
            writer.WriteEndArray();
            writer.WriteString("date", Date.UtcDateTime);
            writer.WriteStartObject("model");
            List<string>? fromCase = null;
            foreach (var (name, value) in Model)
            {
                if (CaseDescription is { Length: > 0 } && value is string text && text == CaseDescription)
                {
                    (fromCase ??= []).Add(name);
                    continue;
                }
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
            if (fromCase is not null)
            {
                writer.WriteStartArray("fromCase");
                fromCase.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Reads a draft written by <see cref="ToJson"/>, with the description of its case for the values taken from it;
    /// throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static MailDraft FromJson(string json, string? caseDescription = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            string Required(string name) => Text(name) ?? throw new FormatException($"The mail draft has no \"{name}\".");
            var references = root.TryGetProperty("references", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(item => item.GetString() ?? "").ToList()
                : [];
            var model = root.TryGetProperty("model", out var values) && ReadValue(values) is Dictionary<string, object?> read
                ? read
                : throw new FormatException("The mail draft has no \"model\" object.");
            if (root.TryGetProperty("fromCase", out var fromCase))
            {
                foreach (var name in fromCase.EnumerateArray())
                {
                    model[name.GetString() ?? ""] = caseDescription
                        ?? throw new FormatException($"The mail draft takes \"{name.GetString()}\" from its case's description, and the case has none.");
                }
            }
            return new MailDraft(Required("template"), Text("language"), Text("case"), new MailboxAddress(Text("toName"), Required("to")), Text("inReplyTo"),
                references, DateTimeOffset.Parse(Required("date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), model) { CaseDescription = caseDescription };
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The mail draft is not valid JSON: {exception.Message}", exception);
        }
    }

    // The draft is stored, never put in a web page: only what JSON itself needs is escaped (quotes, backslashes, control
    // characters), not every accent of a Dutch complaint and every '<' of a quoted mail, which cost more than the rest.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case IEnumerable<KeyValuePair<string, object?>> fields:
                writer.WriteStartObject();
                foreach (var (name, field) in fields)
                {
                    writer.WritePropertyName(name);
                    WriteValue(writer, field);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"A mail template's values are text, numbers, true/false, lists and models; {value.GetType().Name} is none of these.", nameof(value));
        }
    }

    // Back to the values the templates were given: text, whole numbers as long (others as double), true/false, null, lists, models.
    private static object? ReadValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var number) ? (object)number : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(ReadValue).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(property => property.Name, property => ReadValue(property.Value), StringComparer.Ordinal),
        _ => null,
    };
}
