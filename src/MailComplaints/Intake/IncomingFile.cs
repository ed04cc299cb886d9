using System.Security.Cryptography;
using MailComplaints.Cases;
using MailComplaints.Procedure;
using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Intake;

/// <summary>An attachment of an incoming message, decoded, as its case keeps a copy of it.</summary>
public sealed record IncomingFile(CaseAttachment Attachment, byte[] Content)
{
    /// <summary>The file as a mail to the handler carries it.</summary>
    public CaseFile ForMail => new(Attachment.FileName, Attachment.ContentType, Content);

    /// <summary>The attachments of <paramref name="message"/> (<see cref="MessageParts.Attachments"/>), decoded, with their SHA-256.</summary>
    public static async Task<IReadOnlyList<IncomingFile>> AllOfAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var files = new List<IncomingFile>();
        foreach (var part in MessageParts.Attachments(message))
        {
            var content = await MessageParts.ContentAsync(part, cancellationToken).ConfigureAwait(false);
            files.Add(new IncomingFile(new CaseAttachment(MessageParts.FileName(part) ?? "attachment", part.ContentType.MimeType, content.Length,
                Convert.ToHexStringLower(SHA256.HashData(content))), content));
        }
        return files;
    }
}
