using System.Collections.Frozen;
using System.Collections.ObjectModel;

namespace MailComplaints.Templates;

/// <summary>
/// The fields one mail's templates may name, each with a sample value: the contract between the code that queues the mail
/// (<see cref="Procedure.CaseMails"/>) and the templates that word it (docs/templates.md lists the same). The start-up check
/// holds every template to it, and <c>mailcomplaints templates check</c> and the tests render every template with the samples.
/// </summary>
public sealed class MailFields
{
    private readonly FrozenDictionary<string, object?> samples;

    private MailFields(string mail, IEnumerable<(string Field, object? Sample)> fields)
    {
        Mail = mail;
        samples = fields.ToFrozenDictionary(field => field.Field, field => field.Sample, StringComparer.Ordinal);
    }

    /// <summary>The mail's name, which is also its templates' name: <c>acknowledgement</c>.</summary>
    public string Mail { get; }

    /// <summary>The names of the fields, in no particular order.</summary>
    public IEnumerable<string> Names => samples.Keys;

    /// <summary>Whether the mail has <paramref name="field"/>.</summary>
    public bool Contains(string field) => samples.ContainsKey(field);

    /// <summary>For a field that is a list of models (the attachments), the fields of each item; otherwise null.</summary>
    public IReadOnlySet<string>? ItemFields(string field) =>
        samples.GetValueOrDefault(field) is IReadOnlyList<IReadOnlyDictionary<string, object?>> items ? items.SelectMany(item => item.Keys).ToHashSet(StringComparer.Ordinal) : null;

    /// <summary>A model with every field at its sample value, for the caller to change.</summary>
    public Dictionary<string, object?> Sample() => new(samples, StringComparer.Ordinal);

    /// <summary>Every mail the worker sends, by name.</summary>
    public static FrozenDictionary<string, MailFields> Catalogue { get; } = new MailFields[]
    {
        Complaint("acknowledgement", ("termDate", "17 maart 2027"), ("handlerName", "Petra Jansen"), ("takenInDate", "")),
        Complaint("assignment",
            ("termDate", "17 maart 2027"), ("handlerName", "Petra Jansen"),
            ("complaintText", "Op 2 februari is de monteur opnieuw niet gekomen.\nDe lekkage in de badkamer wordt erger."),
            ("attachments", Items(Attachment("lekkage.jpg", "1,2 MB", true), Attachment("video-badkamer.mp4", "12,0 MB", false))), ("allAttached", false)),
        Complaint("head-notice",
            ("termDate", "17 maart 2027"), ("handlerName", "Petra Jansen"),
            ("complaintText", "Op 2 februari is de monteur opnieuw niet gekomen.")),
        Complaint("director-confirmation-late", ("handlerName", "Petra Jansen"), ("confirmBy", "5 april 2027"), ("confirmedDate", "")),
        Complaint("reminder", ("handlerName", "Petra Jansen"), ("termDate", "17 maart 2027"), ("workingDaysLeft", 3)),
        Complaint("escalation-director",
            ("directorName", "Mr. A. Bakker"), ("handlerName", "Petra Jansen"), ("termDate", "17 maart 2027"),
            ("escalationReason", "handler-request"), ("escalatedBy", "Petra Jansen"), ("answerDate", "19 april 2027"),
            ("complaintText", "Op 2 februari is de monteur opnieuw niet gekomen."),
            ("file", Items(FileEntry("10 februari 2027", "followup", "", "Nu lekt het ook in de keuken."),
                FileEntry("11 februari 2027", "note", "Petra Jansen", "Aannemer gebeld; hij komt pas in april."),
                FileEntry("11 februari 2027", "message", "Petra Jansen", "De monteur komt dinsdag tussen 8 en 12 uur."),
                FileEntry("3 februari 2027", "mail", "", "[KL-2027-00042] Ontvangstbevestiging van uw klacht"),
                FileEntry("12 februari 2027", "term", "Petra Jansen", "2027-03-17 → 2027-03-31"),
                FileEntry("15 februari 2027", "extension", "Petra Jansen", "2027-03-31 → 2027-04-28: wachten op het rapport van de aannemer")))),
        Complaint("escalation-complainant", ("answerDate", "19 april 2027")),
        Complaint("term-alarm", ("handlerName", "Petra Jansen"), ("maximumDate", "3 mei 2027"), ("workingDaysLeft", 5)),
        Complaint("extension",
            ("previousTermDate", "17 maart 2027"), ("termDate", "28 april 2027"), ("handlerName", "Petra Jansen"),
            ("extensionReason", "Wij wachten op het rapport van de aannemer, die de lekkage onderzoekt.")),
        Complaint("referral", ("thirdPartyName", "Geschillencommissie Wonen"), ("thirdPartyAddress", "Postbus 90600\n2509 LP Den Haag")),
        Complaint("resolution",
            ("decision", "De badkamer wordt op 12 maart gerepareerd; u ontvangt een vergoeding van € 150."),
            ("complainantAgreed", true), ("handlerName", "Petra Jansen"), ("resolvedDate", "8 maart 2027")),
        Complaint("withdrawal", ("withdrawnDate", "10 februari 2027")),
        Complaint("measure", ("measure", "Monteurs bellen voortaan de dag ervoor om de afspraak te bevestigen.")),
        Complaint("followup", ("handlerName", "Petra Jansen"), ("messageSubject", "Re: Lekkage niet verholpen"), ("text", "Nu lekt het ook in de keuken."), ("withdrawn", false)),
        Complaint("rejection-late", ("incidentDate", "2 januari 2027"), ("lodgingWindowDays", 14)),
        Complaint("rejection-other-channel", ("complaintsAddress", "klachten@delinde.example")),
        Complaint("rejection-duplicate", ("messageDate", "3 februari 2027"), ("decisionDate", "14 december 2026")),
        Complaint("repeat-open", ("messageDate", "10 februari 2027"), ("handlerName", "Petra Jansen")),
        Complaint("handler-confirmation",
            ("handlerName", "Petra Jansen"), ("command", "#termijn 2027-03-27\n#intern Aannemer gebeld."),
            ("changes", Items(Step("term-set", written: "27 maart 2027", date: "29 maart 2027", previous: "17 maart 2027"), Step("note-added"))),
            ("status", "in-handling"), ("termDate", "29 maart 2027")),
        Complaint("handler-refusal",
            ("handlerName", "Petra Jansen"), ("command", "#verlengen morgen"), ("problem", "needs-date-and-reason"), ("keyword", "#verlengen"), ("found", "morgen"),
            ("refusal", Step("term-in-the-past", written: "3 februari 2027", date: "3 februari 2027")), ("notApplied", Items(Line("#intern Aannemer gebeld."))), ("messageHeld", true)),
        Complaint("handler-help", ("handlerName", "Petra Jansen")),
        Complaint("acknowledgement-late", ("handlerName", "Mr. A. Bakker"), ("acknowledgeBy", "10 februari 2027"), ("acknowledgedDate", "")),
        Complaint("handler-message", ("handlerName", "Petra Jansen"), ("text", "De monteur komt dinsdag 9 februari tussen 8 en 12 uur.\nKunt u dan thuis zijn?")),
        Complaint("delivery-failed",
            ("handlerName", "Petra Jansen"), ("failedMailSubject", "[KL-2027-00042] Ontvangstbevestiging van uw klacht"),
            ("failureReason", "550 5.1.1 <jan@example.nl>: Recipient address rejected: User unknown")),
        AboutNoCase("reply-unmatched", ("messageSubject", "Re: Nieuwe klacht"), ("cause", "not-matched")),
        AboutNoCase("periodic-report", ("year", 2026), ("quarter", 3), ("previousYear", 2026), ("previousQuarter", 2), ("madeDate", "1 oktober 2026"),
            ("complaints", 42), ("previousComplaints", 37)),
        AboutNoCase("morning-overview", ("todayDate", "8 maart 2027"), ("overdueCount", 1), ("waitingCount", 1),
            ("cases", Items(OverviewCase("KL-2027-00031", "Container niet geleegd", "5 maart 2027", 0, true, false),
                OverviewCase("KL-2027-00042", "Lekkage niet verholpen", "17 maart 2027", 7, false, true)))),
    }.ToFrozenDictionary(fields => fields.Mail, StringComparer.Ordinal);

    /// <summary>
    /// Every document (a page that is no mail, <c>templates/&lt;lang&gt;/&lt;name&gt;.html.scriban</c>), by name: the report, whose
    /// sample is a small analysis as <see cref="Reporting.ReportModel"/> gives it, so that it has exactly the fields the code gives.
    /// </summary>
    public static FrozenDictionary<string, MailFields> Documents { get; } = new MailFields[]
    {
        new("report", Reporting.ReportSample.Model().Select(field => (field.Key, field.Value))),
    }.ToFrozenDictionary(fields => fields.Mail, StringComparer.Ordinal);

    // A mail about no case (to a handler whose reply matched none): no case number, nothing of a case.
    private static MailFields AboutNoCase(string mail, params (string Field, object? Sample)[] more) => new(mail,
    [
        ("organisation", "Woonstichting De Linde"),
        ("recipientName", "Petra Jansen"),
        .. more,
    ]);

    // Every mail is about a case and carries these; the mail adds its own.
    private static MailFields Complaint(string mail, params (string Field, object? Sample)[] more) => new(mail,
    [
        ("caseNumber", "KL-2027-00042"),
        ("complainantName", "Jan de Vries"),
        ("complainantAddress", "jan@example.nl"),
        ("subject", "Lekkage niet verholpen"),
        ("receivedDate", "3 februari 2027"),
        ("organisation", "Woonstichting De Linde"),
        ("recipientName", "Petra Jansen"),
        ("exampleDate", "2027-03-17"),
        ("exampleDateWritten", "17 maart 2027"),
        ("categories", "Bejegening, Kwaliteit van de dienstverlening, Informatie en communicatie, Wachttijden en termijnen, Kosten en facturen, Overig"),
        .. more,
    ]);

    private static ReadOnlyCollection<IReadOnlyDictionary<string, object?>> Items(params IReadOnlyDictionary<string, object?>[] items) => items.AsReadOnly();

    private static ReadOnlyDictionary<string, object?> FileEntry(string date, string kind, string who, string text) =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { ["date"] = date, ["kind"] = kind, ["who"] = who, ["text"] = text }.AsReadOnly();

    private static ReadOnlyDictionary<string, object?> OverviewCase(string caseNumber, string subject, string termDate, int workingDaysLeft, bool overdue, bool waiting) =>
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["caseNumber"] = caseNumber, ["subject"] = subject, ["termDate"] = termDate, ["workingDaysLeft"] = workingDaysLeft, ["overdue"] = overdue, ["waiting"] = waiting,
        }.AsReadOnly();

    // A step of the procedure as CaseMails gives it to the partial procedure-step.
    private static ReadOnlyDictionary<string, object?> Step(string outcome, string written = "", string date = "", string previous = "") =>
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["outcome"] = outcome, ["written"] = written, ["date"] = date, ["previous"] = previous, ["maximum"] = "", ["maximumMonths"] = 3, ["name"] = "",
            ["status"] = "", ["choices"] = "",
        }.AsReadOnly();

    private static ReadOnlyDictionary<string, object?> Line(string line) =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { ["line"] = line }.AsReadOnly();

    private static ReadOnlyDictionary<string, object?> Attachment(string fileName, string size, bool attached) =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { ["fileName"] = fileName, ["size"] = size, ["attached"] = attached }.AsReadOnly();
}
