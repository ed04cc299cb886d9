using MailComplaints.Cases;
using MailComplaints.Mailboxes;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Retention;

/// <summary>Everything stored of one complainant: their cases, and the messages and mails of no case that name them.</summary>
public sealed record PersonData(IReadOnlyList<CaseContent> Cases, LooseContent Loose)
{
    /// <summary>Their cases still open.</summary>
    public IReadOnlyList<CaseNumber> OpenCases => Cases.Where(content => content.Open).Select(content => content.Number).ToList();
}

/// <summary>What became of a request for erasure.</summary>
public abstract record ErasureOutcome
{
    private ErasureOutcome()
    {
    }

    /// <summary>Nothing was erased: these cases of the complainant are open (erase them anyway with <c>--force</c>).</summary>
    public sealed record Refused(IReadOnlyList<CaseNumber> OpenCases) : ErasureOutcome;

    /// <summary>Erased.</summary>
    public sealed record Erased(ErasureReport Report) : ErasureOutcome;
}

/// <summary>
/// The right to erasure (GDPR art. 17): anonymises one complainant, found by address, in every table and every store the
/// worker wrote to, as the retention period does (<see cref="ContentErasure"/>), each case with the audit line
/// <see cref="CaseEventKind.Erased"/>. Refused while one of their cases is open, unless forced: the case is then closed.
/// Logs name case numbers, never the address.
/// </summary>
public sealed class PersonErasure(CaseRepository cases, RetentionRepository repository, ContentErasure erasure, Func<IMailbox> mailboxes, ILogger<PersonErasure> logger)
{
    /// <summary>What erasing the complainant with <paramref name="address"/> removes (<c>erase --dry-run</c>).</summary>
    public async Task<PersonData> FindAsync(string address, CancellationToken cancellationToken)
    {
        var theirs = await cases.OfComplainantAsync(address, cancellationToken).ConfigureAwait(false);
        var contents = await repository.ContentsAsync([.. theirs.Select(@case => @case.Id).Order()], cancellationToken).ConfigureAwait(false);
        var traces = new PersonTraces(address, theirs.Select(@case => @case.Complainant.Name), theirs.Select(@case => @case.Number));
        return new PersonData(contents, await LooseTracesAsync(traces, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Erases the complainant with <paramref name="address"/>; refused while one of their cases is open unless <paramref name="force"/>.</summary>
    public async Task<ErasureOutcome> EraseAsync(string address, bool force, CancellationToken cancellationToken)
    {
        var found = await FindAsync(address, cancellationToken).ConfigureAwait(false);
        if (found.OpenCases.Count > 0 && !force)
        {
            return new ErasureOutcome.Refused(found.OpenCases);
        }
        if (ErasureReport.Of(found.Cases, found.Loose) is { IsEmpty: true } nothing)
        {
            return new ErasureOutcome.Erased(nothing);
        }
        await using var mailbox = mailboxes();
        var report = await erasure.EraseAsync(mailbox, found.Cases, found.Loose, ErasureReason.Request, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Erased a complainant on request: case(s) {CaseNumbers}, {Messages} message(s) and {Mails} mail(s) of no case, {Copies} copies deleted",
            string.Join(", ", report.Cases.Select(done => done.Number)), report.LooseMessages, report.LooseMails, report.CopiesDeleted);
        return new ErasureOutcome.Erased(report);
    }

    private async Task<LooseContent> LooseTracesAsync(PersonTraces traces, CancellationToken cancellationToken)
    {
        var messages = new List<StoredMessage>();
        await foreach (var (message, raw) in repository.LooseMessagesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (traces.InMessage(raw))
            {
                messages.Add(message);
            }
        }
        var mails = new List<StoredMail>();
        await foreach (var (mail, recipients, raw, draft) in repository.LooseMailsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (traces.In(recipients) || traces.InMessage(raw) || traces.InDraft(draft))
            {
                mails.Add(mail);
            }
        }
        return new LooseContent(messages, mails);
    }
}
