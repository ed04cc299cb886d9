using MailComplaints.Reading;
using MailComplaints.Worker.Cli;

// mailcomplaints: runs an organisation's complaints procedure by email.
// The verbs are in Cli/ (run is the default), the host in Hosting/ (configuration, logging, services, jobs).
// The code-page charsets first, before anything touches MimeKit.
MessageParser.RegisterEncodings();
return await Verbs.Create().Parse(args).InvokeAsync();
