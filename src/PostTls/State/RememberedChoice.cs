namespace PostTls.State;

/// <summary>
/// A sender's standing choice: mail from <paramref name="Sender"/> to recipients in exactly
/// <paramref name="Domain"/> that fails TLS in a way <paramref name="Scope"/> covers goes
/// without encryption, without asking, until <paramref name="ExpiresAt"/> or until it is ended
/// (forgotten by the sender, revoked by an administrator). Times are Unix seconds.
/// </summary>
/// <param name="Key">Names the choice in the sender's forget address (16 base32 characters).</param>
/// <param name="Sender">Canonical envelope address.</param>
/// <param name="Domain">Lower case, in A-labels.</param>
/// <param name="MessageId">The message whose notice offered the choice, while it is kept.</param>
internal sealed record RememberedChoice(
    long Id,
    string Key,
    string Sender,
    string Domain,
    ChoiceScope Scope,
    long MadeAt,
    long? MessageId,
    long ExpiresAt,
    long? EndedAt,
    Actor? EndedBy,
    int Uses)
{
    public bool HoldsAt(long now) => EndedAt is null && now < ExpiresAt;
}
