namespace MailComplaints.Threads;

/// <summary>A command from a handler's reply (docs/threads.md); <paramref name="Line"/> is the line as written, trimmed.</summary>
/// <param name="Line">The line as written, trimmed.</param>
public abstract record HandlerCommand(string Line);

/// <summary><c>#oplossing</c> / <c>#solution</c>: the decision and solution.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Solution">The text after the keyword.</param>
public sealed record RecordSolution(string Line, string Solution) : HandlerCommand(Line);

/// <summary><c>#akkoord ja|nee</c> / <c>#agreement yes|no</c>: whether the complainant agrees with the solution.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Agrees">True for ja, j, yes, y.</param>
public sealed record RecordAgreement(string Line, bool Agrees) : HandlerCommand(Line);

/// <summary><c>#termijn</c> / <c>#term</c>: a new handling term, as a date or a number of weeks (exactly one of the two is set). The caller checks the bounds.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Until">The last day of the term, when a date was given.</param>
/// <param name="Weeks">The term in weeks (1 to 52), when a number was given.</param>
public sealed record SetTerm(string Line, DateOnly? Until, int? Weeks) : HandlerCommand(Line);

/// <summary><c>#verlengen</c> / <c>#extend</c>: the term extended to a date, with the reason the complainant is told.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Until">The new last day of the term.</param>
/// <param name="Reason">The text after the date.</param>
public sealed record Extend(string Line, DateOnly Until, string Reason) : HandlerCommand(Line);

/// <summary><c>#escaleren</c> / <c>#escalate</c>: put the complaint before the director.</summary>
/// <param name="Line">The line as written.</param>
public sealed record Escalate(string Line) : HandlerCommand(Line);

/// <summary><c>#doorverwijzen</c> / <c>#refer</c>: put the complaint before the independent third party.</summary>
/// <param name="Line">The line as written.</param>
public sealed record Refer(string Line) : HandlerCommand(Line);

/// <summary><c>#toewijzen</c> / <c>#assign</c>: hand the complaint over to another handler.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Handler">The handler's name or address as written.</param>
public sealed record Assign(string Line, string Handler) : HandlerCommand(Line);

/// <summary><c>#intern</c> / <c>#internal</c>: a note in the file that the complainant does not see.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Note">The text after the keyword.</param>
public sealed record InternalNote(string Line, string Note) : HandlerCommand(Line);

/// <summary><c>#afsluiten</c> / <c>#close</c>: close the complaint.</summary>
/// <param name="Line">The line as written.</param>
public sealed record Close(string Line) : HandlerCommand(Line);

/// <summary><c>#categorie</c> / <c>#category</c>: file the case under a category of <c>Procedure:Categories</c>.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Category">The category's key or name as written.</param>
public sealed record SetCategory(string Line, string Category) : HandlerCommand(Line);

/// <summary><c>#oorzaak</c> / <c>#cause</c>: the possible cause of the complaint, as established after handling.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Cause">The text after the keyword.</param>
public sealed record RecordCause(string Line, string Cause) : HandlerCommand(Line);

/// <summary><c>#maatregel</c> / <c>#measure</c>: the structural solution or preventive measure; the complainant is told what will change.</summary>
/// <param name="Line">The line as written.</param>
/// <param name="Measure">The text after the keyword.</param>
public sealed record RecordMeasure(string Line, string Measure) : HandlerCommand(Line);

/// <summary><c>#hulp</c> / <c>#help</c>: the handler asks for the commands; they are sent with an example.</summary>
/// <param name="Line">The line as written.</param>
public sealed record Help(string Line) : HandlerCommand(Line);
