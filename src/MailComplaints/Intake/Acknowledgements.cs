using MailComplaints.Cases;
using MailComplaints.Mail.Mime;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Templates;

namespace MailComplaints.Intake;

/// <summary>
/// The acknowledgement of a registered complaint: case number, who handles it, and the handling term as a date.
/// (The procedure work replaces the plain week count with working-day arithmetic.)
/// </summary>
public sealed class Acknowledgements(MailTemplates templates, MailComposer composer, MailSettings mail, ProcedureSettings procedure, IReadOnlyList<Handler> handlers)
{
    /// <summary>The outbox kind of an acknowledgement.</summary>
    public const string Kind = "Acknowledgement";

    /// <summary>The handling term's last day for a case received at <paramref name="receivedAt"/>.</summary>
    public DateOnly TermEnds(DateTimeOffset receivedAt) => DateOnly.FromDateTime(receivedAt.UtcDateTime).AddDays(7 * procedure.HandlingTermWeeks);

    /// <summary>Composes the acknowledgement of <paramref name="case"/>, in reply to the complainant's message.</summary>
    public OutgoingMail Compose(Case @case, string? complaintMessageId, IReadOnlyList<string> complaintReferences)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var handler = handlers.FirstOrDefault(h => string.Equals(h.Email, @case.HandlerEmail, StringComparison.OrdinalIgnoreCase));
        var language = @case.Language;
        var rendered = templates.Render("acknowledgement", language, new Dictionary<string, object?>
        {
            ["caseNumber"] = @case.Number.ToString(),
            ["complainantName"] = @case.Complainant.Name ?? (language == "en" ? "Sir or Madam" : "heer of mevrouw"),
            ["subject"] = @case.Subject ?? "",
            ["receivedDate"] = MailTemplates.FormatDate(DateOnly.FromDateTime(@case.ReceivedAt.UtcDateTime), language),
            ["termDate"] = MailTemplates.FormatDate(TermEnds(@case.ReceivedAt), language),
            ["handlerName"] = handler?.Name ?? mail.FromName ?? mail.FromAddress,
            ["organisation"] = mail.FromName ?? mail.FromAddress,
        });
        var references = complaintReferences.Concat(complaintMessageId is null ? [] : [complaintMessageId]).ToList();
        return composer.Compose(Kind, @case, new MailboxAddress(@case.Complainant.Name, @case.Complainant.Address), rendered, complaintMessageId, references, automatic: true);
    }
}
