using MailComplaints.Outbox;

namespace MailComplaints.Intake.Classification;

/// <summary>What the machine mail detector needs to know about us, to recognise our own mail coming back.</summary>
/// <param name="OwnAddresses">The complaints address(es) we send from.</param>
/// <param name="LoopHeader">The header our outgoing mail carries (<see cref="MailComposer.LoopHeader"/>).</param>
/// <param name="MessageIdDomain">The domain after the '@' of the Message-IDs we make (<see cref="MailSettings.Domain"/>).</param>
public sealed record MachineMailOptions(IReadOnlyList<string> OwnAddresses, string LoopHeader, string MessageIdDomain)
{
    /// <summary>
    /// The List-Ids of lists or groups through which the complaints mailbox itself receives mail (a Google Group
    /// or distribution list as the published address). Their List-Id and <c>Precedence: list</c> do not make a
    /// message list mail, or every complaint would be ignored.
    /// </summary>
    public IReadOnlyList<string> DeliveringListIds { get; init; } = [];

    /// <summary>The options for the complaints address of <paramref name="mail"/>.</summary>
    public static MachineMailOptions For(MailSettings mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        return new([mail.FromAddress], MailComposer.LoopHeader, mail.Domain);
    }
}
