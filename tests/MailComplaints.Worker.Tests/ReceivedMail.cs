using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Testing;

namespace MailComplaints.Worker.Tests;

/// <summary>What arrived in the Dovecot mailboxes of the mail stack, read from the files Dovecot delivered.</summary>
public static class ReceivedMail
{
    /// <summary>A user's mailbox (local part at localhost), oldest first by Date, then by Message-ID.</summary>
    public static List<MimeMessage> In(MailStack stack, string user)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new[] { "new", "cur" }.Select(folder => Path.Combine(stack.Directory, "mail", "localhost", user, folder)).Where(Directory.Exists)
            .SelectMany(Directory.GetFiles).Select(file => MessageParser.Parse(File.ReadAllBytes(file)))
            .OrderBy(message => message.Date).ThenBy(message => message.MessageId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The text of a mail as the worker reads it.</summary>
    public static string? Text(this MimeMessage mail) => MessageText.Of(mail);

    /// <summary>Writes a mail as it arrived to the test output, for the record (dotnet test --logger "console;verbosity=detailed").</summary>
    public static void Transcript(string user, MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        TestContext.Out.WriteLine(
            $"=== in the mailbox of {user}@localhost\nFrom: {mail.From.Single()}\nTo: {mail.To.Single()}\nSubject: {mail.Subject}\nMessage-ID: <{mail.MessageId}>\n" +
            $"In-Reply-To: <{mail.InReplyTo}>\nAuto-Submitted: {mail.Headers["Auto-Submitted"]}\n\n{mail.Text()}\n");
    }
}
