namespace PostTls.Check;

/// <summary>One area of the setup. A check only looks: it changes nothing.</summary>
internal interface ICheck
{
    /// <exception cref="Postfix.PostfixException">Postfix could not be queried.</exception>
    IEnumerable<Finding> Run(CheckContext context);
}
