using System.Text.RegularExpressions;
using MailComplaints.Cases;
using MailComplaints.Storage;

namespace MailComplaints.Procedure;

/// <summary>What the choice of a new case's handler looks at.</summary>
public sealed record RoutedComplaint(string ComplainantAddress, string? Subject, string Text);

/// <summary>
/// Chooses who is responsible for new cases: the complainant's own account manager (their address, else the most
/// specific of their domains), else the handler whose keyword the complaint's subject or text names, else any
/// handler; among several, the one with the fewest open cases, the first listed on a tie. Open cases are counted
/// in the register, so the choice is the same after a restart and on every worker of a cluster.
/// </summary>
public sealed class CaseRouting
{
    private readonly CaseRepository cases;
    private readonly List<Handler> handlers;
    private readonly List<(Handler Handler, Regex Word)> keywords;

    /// <summary>Routing over the <see cref="HandlerRole.Handler"/> entries of <paramref name="handlers"/>, in their order.</summary>
    public CaseRouting(IReadOnlyList<Handler> handlers, CaseRepository cases)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        this.cases = cases;
        this.handlers = handlers.Where(handler => handler.Role == HandlerRole.Handler).ToList();
        keywords = this.handlers.SelectMany(handler => handler.Keywords.Select(keyword =>
            (handler, new Regex($@"(?<!\w){Regex.Escape(keyword)}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))).ToList();
    }

    /// <summary>The handler of each complaint, in order; each choice counts as an open case for the next.</summary>
    public async Task<IReadOnlyList<Handler>> AssignAsync(UnitOfWork unit, IReadOnlyList<RoutedComplaint> complaints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        if (complaints.Count == 0)
        {
            return [];
        }
        var open = new Dictionary<string, int>(await cases.OpenCasesPerHandlerAsync(unit, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var assigned = new List<Handler>(complaints.Count);
        foreach (var complaint in complaints)
        {
            var handler = AccountManagerOf(complaint.ComplainantAddress) ?? LeastBusy(Naming(complaint), open) ?? LeastBusy(handlers, open)!;
            var key = handler.Email.ToLowerInvariant();
            open[key] = open.GetValueOrDefault(key) + 1;
            assigned.Add(handler);
        }
        return assigned;
    }

    private Handler? AccountManagerOf(string address)
    {
        var at = address.LastIndexOf('@');
        var domain = at < 0 ? "" : address[(at + 1)..];
        return handlers
            .SelectMany(handler => handler.Complainants.Select(entry => (Handler: handler, Specificity: Specificity(entry, address, domain))))
            .Where(match => match.Specificity > 0)
            .OrderByDescending(match => match.Specificity)
            .Select(match => match.Handler)
            .FirstOrDefault();
    }

    // An address matches before any domain; a longer domain before a shorter one; 0: no match.
    private static int Specificity(string entry, string address, string domain)
    {
        if (entry.Contains('@', StringComparison.Ordinal))
        {
            return string.Equals(entry, address, StringComparison.OrdinalIgnoreCase) ? int.MaxValue : 0;
        }
        return string.Equals(entry, domain, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + entry, StringComparison.OrdinalIgnoreCase) ? entry.Length : 0;
    }

    private List<Handler> Naming(RoutedComplaint complaint) =>
        keywords.Where(keyword => keyword.Word.IsMatch(complaint.Subject ?? "") || keyword.Word.IsMatch(complaint.Text)).Select(keyword => keyword.Handler).Distinct().ToList();

    private static Handler? LeastBusy(List<Handler> candidates, Dictionary<string, int> open) =>
        candidates.OrderBy(handler => open.GetValueOrDefault(handler.Email.ToLowerInvariant())).FirstOrDefault();
}
