// UUID() / GUID(): a random (version 4) UUID string (sql.md §9.16).
#include <random>
#include <string>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Result<Value> Uuid(const Args&, const FunctionContext&) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t high = engine(), low = engine();
  high = (high & ~uint64_t(0xF000)) | 0x4000;                    // version 4
  low = (low & ~(uint64_t(0xC) << 60)) | (uint64_t(0x8) << 60);  // RFC 4122 variant
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int idx = 0; idx < 32; ++idx) {
    if (idx == 8 || idx == 12 || idx == 16 || idx == 20) {
      out.push_back('-');
    }
    uint64_t word = idx < 16 ? high : low;
    int shift = 60 - 4 * (idx % 16);
    out.push_back(kDigits[(word >> shift) & 0xF]);
  }
  return Value::String(std::move(out));
}

FunctionDef Def(std::string_view name, std::string_view doc) {
  return {.name = name,
          .min_args = 0,
          .max_args = 0,
          .kernel = Uuid,
          .deterministic = false,
          .signature = name == "UUID" ? "UUID() -> string" : "GUID() -> string",
          .doc = doc,
          .example = name == "UUID" ? "LENGTH(UUID()) = 36 AND UUID() <> UUID()"
                                    : "REGEXP_LIKE(GUID(), '^[0-9a-f]{8}-[0-9a-f]{4}-4')"};
}

}  // namespace

FunctionDef UuidFunction() {
  return Def("UUID", "A random version-4 UUID as lower-case text.");
}
FunctionDef GuidFunction() {
  return Def("GUID", "Same as UUID().");
}

}  // namespace basalt::sql
