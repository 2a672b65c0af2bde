using PostTls.State;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>The audit_log rows of the message whose Message-ID holds a test marker, oldest first.</summary>
internal static class AuditTrail
{
    public static List<string> Of(PostfixTestBed bed, string marker, string column)
    {
        using var database = StateDatabase.Open(bed.Settings().DataDirectory);
        using var command = database.Command(
            $"SELECT a.{column} FROM audit_log a JOIN messages m ON a.message = m.id WHERE m.message_id_header LIKE $p ORDER BY a.id",
            ("$p", $"%{marker}%"));
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
