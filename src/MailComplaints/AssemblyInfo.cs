namespace MailComplaints;
