#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"

namespace basalt::cli {

enum class OutputFormat { kTable, kJson, kCsv };

// "table", "json" or "csv"; anything else is INVALIDINPUT.
Result<OutputFormat> ParseOutputFormat(std::string_view name);
std::string_view OutputFormatName(OutputFormat format);

// The rows of one Query API reply, with the columns to show them under.
struct QueryResult {
  // column_fields' names in order, then any other row keys in first-seen order (all keys
  // of the rows when column_fields is empty, as for SELECT *).
  std::vector<std::string> columns;
  std::vector<Value> rows;  // objects, as the server sent them
  int64_t elapsed_ms = -1;  // stats.elapsed_time_ms; -1 when the reply has none
};

// Parses the body of a successful Query API reply. BADREQUEST when it is not JSON or has
// no `results` array. `__rockset_type` objects stay objects (they print as JSON).
Result<QueryResult> ParseQueryReply(std::string_view body);

// Turns an error reply into the shell's one-line message:
// "ERROR <type> at line L, column C: message", without the position when the server gave
// none; for a body that is not Rockset's error object, "ERROR HTTP <status>: <body>".
std::string FormatErrorReply(int http_status, std::string_view body);

// An aligned table in a box: strings unquoted, null as NULL, missing fields empty, arrays and
// objects as compact JSON, numbers right-aligned; then "(N rows, T ms)", or "(N rows)"
// when `timing` is false or the time is unknown.
std::string FormatTable(const QueryResult& result, bool timing);

// One compact JSON object per row and line.
std::string FormatJsonLines(const QueryResult& result);

// RFC 4180: a header line of column names, then one record per row, CRLF line ends, fields
// quoted when they hold a comma, quote, CR or LF. Null and missing fields are empty.
std::string FormatCsv(const QueryResult& result);

// What one value shows as in a table or CSV cell (strings raw, null as `null_text`,
// undefined empty, nested values as compact JSON).
std::string CellText(const Value& value, std::string_view null_text);

}  // namespace basalt::cli
