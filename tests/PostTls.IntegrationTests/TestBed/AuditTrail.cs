using PostTls.State;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>A column of the audit_log rows of one message, oldest first.</summary>
internal static class AuditTrail
{
    /// <summary>The rows of the message whose Message-ID holds a test marker.</summary>
    public static List<string> Of(PostfixTestBed bed, string marker, string column) =>
        Query(bed, $"SELECT a.{column} FROM audit_log a JOIN messages m ON a.message = m.id WHERE m.message_id_header LIKE $p ORDER BY a.id",
            $"%{marker}%");

    /// <summary>The rows recorded under a queue ID.</summary>
    public static List<string> OfQueueId(PostfixTestBed bed, string queueId, string column) =>
        Query(bed, $"SELECT {column} FROM audit_log WHERE queue_id = $p ORDER BY id", queueId);

    private static List<string> Query(PostfixTestBed bed, string sql, string parameter)
    {
        using var database = StateDatabase.Open(bed.Settings().DataDirectory);
        using var command = database.Command(sql, ("$p", parameter));
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
