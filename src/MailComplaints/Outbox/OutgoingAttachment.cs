namespace MailComplaints.Outbox;

/// <summary>A file attached to an outgoing mail: a copy of a case attachment for its handler.</summary>
/// <param name="FileName">The name the file had when the complainant sent it.</param>
/// <param name="ContentType">Its media type, e.g. <c>application/pdf</c>.</param>
/// <param name="Content">Its bytes.</param>
public sealed record OutgoingAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);
