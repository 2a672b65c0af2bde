namespace PostTls.Smtp;

/// <summary>
/// An accepted submission. <see cref="QueueId"/> is the ID from Postfix's
/// "250 2.0.0 Ok: queued as ID", or null when the reply carried none that
/// <see cref="Queue.QueueIds.IsValid"/> accepts: the copy is queued either way.
/// </summary>
internal sealed record SmtpResult(string? QueueId, SmtpReply FinalReply);
