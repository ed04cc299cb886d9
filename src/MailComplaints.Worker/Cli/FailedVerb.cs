using System.CommandLine;
using System.Globalization;
using MailComplaints.Intake;
using MailComplaints.Mailboxes;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Cli;

/// <summary><c>failed list [--json]</c> and <c>failed retry &lt;id&gt;</c>: the messages that could not be processed, for an operator.</summary>
internal static class FailedVerb
{
    /// <summary>A failed message as the CLI prints it.</summary>
    internal sealed record FailedView(long Id, string? MessageId, long Size, string? Reason, DateTimeOffset ReceivedAt, DateTimeOffset ProcessedAt, string Mailbox);

    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List the messages in the Failed folder with the reason each failed.") { json };
        list.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = context.BuildHost(HostMode.Command);
            var failed = (await host.Services.GetRequiredService<InboundMessageRepository>().ListAsync(MessageOutcome.Failed, cancellationToken).ConfigureAwait(false))
                .Select(m => new FailedView(m.Id, m.MessageId, m.Size, m.Reason, m.ReceivedAt, m.ProcessedAt, m.Mailbox)).ToList();
            if (parseResult.GetValue(json))
            {
                await CliContext.WriteJsonAsync(output, failed).ConfigureAwait(false);
                return 0;
            }
            foreach (var message in failed)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{message.Id,8}  {message.ReceivedAt:yyyy-MM-dd HH:mm}  {message.Size,10} B  {message.MessageId ?? "(no Message-ID)"}\n          {message.Reason}")).ConfigureAwait(false);
            }
            await output.WriteLineAsync($"{failed.Count} failed message(s)").ConfigureAwait(false);
            return 0;
        }));

        var id = new Argument<long>("id") { Description = "The id shown by 'failed list'." };
        var retry = new Command("retry", "Move a failed message back to the inbox so that the next poll processes it afresh.") { id };
        retry.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = context.BuildHost(HostMode.Command);
            var ledger = host.Services.GetRequiredService<InboundMessageRepository>();
            var messageId = parseResult.GetValue(id);
            var location = await ledger.LocationAsync(messageId, cancellationToken).ConfigureAwait(false);
            await using var mailbox = host.Services.GetRequiredService<IMailbox>();
            if (location is null || !await mailbox.RestoreAsync(location, cancellationToken).ConfigureAwait(false))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    $"Failed message {messageId} is not in the Failed folder (see 'failed list'); nothing was changed.").ConfigureAwait(false);
                return 3;
            }
            await ledger.MarkRetriedAsync(messageId, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Message {messageId} is back in the inbox; the next poll processes it.").ConfigureAwait(false);
            return 0;
        }));
        return new Command("failed", "Messages that could not be processed.") { list, retry };
    }
}
