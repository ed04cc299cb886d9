using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Mailboxes;
using MailComplaints.Operations;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Retention;
using MailComplaints.Reporting;
using MailComplaints.Storage;
using MailComplaints.Templates;
using MailComplaints.Threads;
using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Hosting;

/// <summary>The domain's services, registered once from the validated settings.</summary>
internal static class ComplaintServices
{
    public static IServiceCollection AddComplaints(this IServiceCollection services, WorkerSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.Storage);
        services.AddSingleton(settings.Mailbox);
        services.AddSingleton(settings.Smtp);
        services.AddSingleton(settings.Outbox);
        services.AddSingleton(settings.Mail);
        services.AddSingleton(settings.Handlers);
        services.AddSingleton(settings.Procedure);
        services.AddSingleton(settings.Intake);
        services.AddSingleton(settings.Retention);
        services.AddSingleton(new WorkingDayCalendar(settings.Procedure.ClosureDays));
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<Database>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<CaseRepository>();
        services.AddSingleton<InboundMessageRepository>();
        services.AddSingleton<OutboxRepository>();
        services.AddSingleton<WorkerStateRepository>();

        services.AddSingleton(settings.Mailbox.Folders);
        services.AddTransient(provider => CreateMailbox(provider, settings));
        services.AddSingleton<Func<IMailbox>>(provider => () => CreateMailbox(provider, settings));
        services.AddSingleton<IMailTransport>(_ => settings.Smtp.IsConfigured
            ? new SmtpTransport(settings.Smtp)
            : new PickupDirectoryTransport(settings.Outbox.PickupDirectory));
        // Read and checked now, so that a template that does not parse or names a value its mail lacks stops start-up (TemplateException).
        services.AddSingleton(new MailTemplates(settings.Mail.TemplatesDirectory));
        services.AddSingleton(settings.Threads);
        services.AddSingleton(new ThreadTokens(settings.Threads.Secret));
        services.AddSingleton(new SenderAuthentication(settings.Threads.TrustedAuthServIds,
            settings.Threads.VerifyDkim ? new DkimCheck(new DnsDkimPublicKeyLocator(new DnsClient.LookupClient())) : null));
        services.AddSingleton<ThreadReplies>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<CaseMails>();
        services.AddSingleton<DeadlineRepository>();
        services.AddSingleton<CaseHistory>();
        services.AddSingleton<CaseProcedure>();
        services.AddSingleton<IDeliveryFailures, DeliveryFailureNotices>();
        services.AddSingleton<ProcedureTerms>();
        services.AddSingleton<DeadlineActions>();
        services.AddSingleton<DeadlineSweep>();
        services.AddSingleton<MorningOverview>();
        services.AddSingleton<AnalysisRepository>();
        services.AddSingleton<ComplaintsReport>();
        services.AddSingleton<ReportRenderer>();
        services.AddSingleton<PeriodicReport>();
        services.AddSingleton<IntakeClassifier>();
        services.AddSingleton<CaseRouting>();
        services.AddSingleton<IncomingReader>();
        services.AddSingleton<ComplaintRegistration>();
        services.AddSingleton<DecisionActions>();
        services.AddSingleton<IntakeCommit>();
        services.AddSingleton<IntakeService>();
        services.AddSingleton<DeliveryAttempts>();
        services.AddSingleton<AutomaticMailLimit>();
        services.AddSingleton<SentCopies>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<WorkerStatus>();
        services.AddSingleton<RetentionRepository>();
        services.AddSingleton<StoredCopies>();
        services.AddSingleton<ContentErasure>();
        services.AddSingleton<CasePurge>();
        services.AddSingleton<PersonErasure>();
        return services;
    }

    /// <summary>The configured mailbox: each call a new one (the IMAP mailbox holds a connection of its own).</summary>
    public static IMailbox CreateMailbox(IServiceProvider provider, WorkerSettings settings) => settings.Mailbox.Kind == MailboxKind.Imap
        ? ActivatorUtilities.CreateInstance<ImapServerMailbox>(provider, settings.Mailbox.Imap)
        : new MaildirMailbox(settings.Mailbox.MaildirPath, settings.Mailbox.Folders);
}
