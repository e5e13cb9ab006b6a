using Microsoft.Data.Sqlite;

namespace RewardEngine.Storage;

/// <summary>
/// What an I/O or SQLite failure means to a user, in words: the disk is full, the file system is read-only, the file
/// is not a database or is damaged. One place, so every store and writer says the same thing for the same fault.
/// </summary>
internal static class IoFaults
{
    // Linux errno values .NET leaves in IOException.HResult for I/O errors it has no specific type for.
    private const int ENOSPC = 28, EROFS = 30, EDQUOT = 122, EIO = 5, EACCES = 13, EPERM = 1;

    public static bool IsDiskFull(IOException e) =>
        e.HResult is ENOSPC or EDQUOT || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);

    public static bool IsReadOnlyFileSystem(IOException e) =>
        e.HResult == EROFS || e.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase);

    /// <summary>A short phrase for an I/O failure: "the disk is full", "the file system is read-only", or its message.</summary>
    public static string Describe(Exception e) => e switch
    {
        IOException io when IsDiskFull(io) => "the disk is full",
        IOException io when IsReadOnlyFileSystem(io) => "the file system is read-only",
        IOException io when io.HResult == EIO => "an I/O error (the disk may be failing)",
        IOException io when io.HResult is EACCES or EPERM => "permission denied",
        UnauthorizedAccessException => "permission denied",
        SqliteException s => Describe(s),
        _ => e.Message.Split('\n')[0].TrimEnd('.'),
    };

    /// <summary>SQLite's primary result codes, in words.</summary>
    public static string Describe(SqliteException e) => (e.SqliteErrorCode & 0xFF) switch
    {
        13 => "the disk is full",
        8 => "the file or its folder is read-only",
        14 => "the file cannot be opened (a folder, a missing folder, or no permission)",
        10 => "an I/O error (the disk may be full or failing)",
        11 => "the database is damaged (malformed)",
        26 => "the file is not an SQLite database",
        5 or 6 => "the database is locked by another process",
        23 => "permission denied",
        _ => e.Message.Split('\n')[0].Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal).TrimEnd('.'),
    };

    public static bool IsDiskFull(SqliteException e) => (e.SqliteErrorCode & 0xFF) == 13;
    public static bool IsDamaged(SqliteException e) => (e.SqliteErrorCode & 0xFF) is 11 or 26;
    public static bool IsReadOnly(SqliteException e) => (e.SqliteErrorCode & 0xFF) is 8 or 14 or 23;
}
