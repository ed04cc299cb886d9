using MailComplaints.Cases;

namespace MailComplaints.Retention;

/// <summary>A message of the ledger as erasure sees it: where its copy in the mailbox is (<c>location</c>, or the inbox under its source key).</summary>
public sealed record StoredMessage(long Id, string Mailbox, string SourceKey, string? Location, string? MessageId);

/// <summary>A mail of the outbox as erasure sees it: its Message-ID names its pickup file and finds its Sent copy, which only a mail sent has.</summary>
public sealed record StoredMail(long Id, string MessageId, bool Sent);

/// <summary>What a case holds that erasure removes: its messages with their copies, its mails with theirs, its attachments.</summary>
public sealed record CaseContent(long CaseId, CaseNumber Number, bool Open, IReadOnlyList<StoredMessage> Messages, IReadOnlyList<StoredMail> Mails, int Attachments);

/// <summary>Messages and mails of no case: machine mail, failed messages, handlers' overviews and notices.</summary>
public sealed record LooseContent(IReadOnlyList<StoredMessage> Messages, IReadOnlyList<StoredMail> Mails)
{
    /// <summary>Nothing.</summary>
    public static LooseContent None { get; } = new([], []);
}

/// <summary>Why content is erased.</summary>
public enum ErasureReason
{
    /// <summary>The case was closed longer ago than <c>Retention:KeepYears</c> (audit line <see cref="CaseEventKind.Purged"/>).</summary>
    Retention,

    /// <summary>The complainant asked for it: the right to erasure (audit line <see cref="CaseEventKind.Erased"/>).</summary>
    Request,
}

/// <summary>What was (or, in a dry run, would be) erased of one case.</summary>
public sealed record ErasedCase(CaseNumber Number, bool WasOpen, int Messages, int Mails, int Attachments)
{
    /// <summary>The counts of <paramref name="content"/>.</summary>
    public static ErasedCase Of(CaseContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new(content.Number, content.Open, content.Messages.Count, content.Mails.Count, content.Attachments);
    }
}

/// <summary>What a purge or an erasure did, or in a dry run would do: the cases, the messages and mails of no case, and the copies deleted from the mailbox and the pickup directory.</summary>
public sealed record ErasureReport(IReadOnlyList<ErasedCase> Cases, int LooseMessages, int LooseMails, int CopiesDeleted)
{
    /// <summary>Nothing erased.</summary>
    public static ErasureReport None { get; } = new([], 0, 0, 0);

    /// <summary>What erasing <paramref name="cases"/> and <paramref name="loose"/> would remove.</summary>
    public static ErasureReport Of(IEnumerable<CaseContent> cases, LooseContent loose)
    {
        ArgumentNullException.ThrowIfNull(loose);
        return new(cases.Select(ErasedCase.Of).ToList(), loose.Messages.Count, loose.Mails.Count, 0);
    }

    /// <summary>This and <paramref name="more"/> together.</summary>
    public ErasureReport Plus(ErasureReport more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return new([.. Cases, .. more.Cases], LooseMessages + more.LooseMessages, LooseMails + more.LooseMails, CopiesDeleted + more.CopiesDeleted);
    }

    /// <summary>True when there was nothing to erase.</summary>
    public bool IsEmpty => Cases.Count == 0 && LooseMessages == 0 && LooseMails == 0;
}
