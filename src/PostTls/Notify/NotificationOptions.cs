namespace PostTls.Notify;

/// <summary>How notifications look: language, From:, the domain for Message-IDs, optional templates.</summary>
/// <param name="Language">"en" or "de".</param>
/// <param name="From">A complete From: value, e.g. "Mail Delivery System &lt;MAILER-DAEMON@mail.example.com&gt;".</param>
/// <param name="MessageIdDomain">Right-hand side of generated Message-IDs.</param>
/// <param name="TemplateDirectory">Empty: built-in texts only.</param>
internal sealed record NotificationOptions(string Language, string From, string MessageIdDomain, string TemplateDirectory);
