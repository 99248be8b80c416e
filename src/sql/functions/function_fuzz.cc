// libFuzzer entry point for the SQL function library. The input bytes choose a registered
// scalar function or aggregate, an argument count within its arity, and argument values of
// every type (extreme ints and floats, NaN, invalid UTF-8, format patterns, regexes, time
// zones, nested arrays and objects, geographies). The call goes through the engine's
// contract: kPropagate functions never see null or undefined, aggregates skip rows with a
// null first argument unless they ask for them. Any crash, hang, sanitizer report, escaped
// exception, or failure that is not a QUERY_ERROR Status is a finding.
//
//   build-fuzz/src/function_fuzz -timeout=10 -max_len=512 corpus/   (fuzz preset, clang)
//   build/src/function_fuzz_driver --seconds 600                     (any compiler)
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "sql/functions/function_registry.h"

namespace basalt::sql {
namespace {

// Reads the input front to back; past the end every read gives zeros, so any input decodes.
class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }

  uint64_t Bits(int bytes) {
    uint64_t out = 0;
    for (int idx = 0; idx < bytes; ++idx) {
      out = (out << 8) | Byte();
    }
    return out;
  }

  // Up to `max` raw bytes, length from the input.
  std::string_view Chunk(size_t max) {
    size_t want = Byte() % (max + 1);
    size_t take = std::min(want, size_ - std::min(pos_, size_));
    std::string_view out(reinterpret_cast<const char*>(data_) + pos_, take);
    pos_ += take;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Strings that reach the interesting paths: patterns, units, zones, digests, parsable text.
constexpr std::string_view kDictionary[] = {
    "",
    "a",
    "abc",
    "héllo wörld",
    "\xff\xfe\x80",
    "\xc3",
    " \t\n",
    "%Y-%m-%d",
    "%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S%z",
    "%s",
    "%Z %z %j %a %b %p %I",
    "%",
    "%%%",
    "{}",
    "{0}{1}{2}",
    "{:.2f}",
    "{:>1000000000}",
    "{{}}",
    "}",
    "{",
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "hour",
    "MINUTE",
    "second",
    "millisecond",
    "microsecond",
    "UTC",
    "America/Los_Angeles",
    "Asia/Kathmandu",
    "+05:30",
    "-24:00",
    "Not/AZone",
    "md5",
    "sha1",
    "sha256",
    "sha512",
    "int",
    "float",
    "2018-05-26",
    "2018-05-26T10:30:20Z",
    "2018-05-26 10:30:20.123456+01:00",
    "10:30:20",
    "24:00:00",
    "9999-12-31T23:59:59.999999",
    "-292277-01-01",
    "1:30:00",
    "-1 2:03:04.5",
    "P1Y2M",
    "PT1.5S",
    "P99999999999999999Y",
    "1-6",
    "[0-9]+",
    "(a)(b)",
    "\\1\\0\\9",
    "(",
    "a{1000}{1000}",
    "(a*)*b",
    "^$",
    "(?i)X",
    "POINT(1 2)",
    "POINT(nan inf)",
    "LINESTRING(0 0, 180 0, -180 1)",
    "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))",
    "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
    "MULTIPOINT(0 0, 1 1)",
    "{\"type\":\"Point\",\"coordinates\":[1,2]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}",
    "{\"a\": [1, 2.5, null, {\"b\": true}]}",
    "[[[[[[",
    "1e999",
    "-0",
    "9223372036854775808",
    ",",
    "4142",
    "aGk=",
    "====",
};

constexpr int64_t kInts[] = {0,
                             1,
                             -1,
                             2,
                             3,
                             7,
                             8,
                             12,
                             63,
                             64,
                             65,
                             1000,
                             -1000,
                             86400000000,
                             int64_t(1) << 31,
                             int64_t(1) << 53,
                             std::numeric_limits<int64_t>::max(),
                             std::numeric_limits<int64_t>::min(),
                             std::numeric_limits<int64_t>::max() - 1,
                             std::numeric_limits<int64_t>::min() + 1,
                             1527330620000000,
                             -62135596800000000,
                             253402300799999999};

constexpr double kFloats[] = {0.0,
                              -0.0,
                              0.5,
                              -2.5,
                              1.0,
                              3.141592653589793,
                              1e308,
                              -1e308,
                              5e-324,
                              9.2233720368547758e18,
                              std::numeric_limits<double>::infinity(),
                              -std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::quiet_NaN()};

int64_t IntPayload(ByteReader& in) {
  switch (in.Byte() % 4) {
    case 0:
      return int64_t(int8_t(in.Byte()));
    case 1:
      return int64_t(int32_t(uint32_t(in.Bits(4))));
    case 2:
      return int64_t(in.Bits(8));
    default:
      return kInts[in.Byte() % std::size(kInts)];
  }
}

std::string_view Text(ByteReader& in) {
  if (in.Byte() % 2 == 0) {
    return kDictionary[in.Byte() % std::size(kDictionary)];
  }
  return in.Chunk(24);
}

// A geography the way SQL makes one: through a constructor function.
Value MakeGeography(ByteReader& in) {
  const auto& registry = FunctionRegistry::Get();
  FunctionContext ctx;
  Result<Value> made = Status(ErrorCode::kQueryError, "");
  if (in.Byte() % 2 == 0) {
    double lon = kFloats[in.Byte() % std::size(kFloats)] + double(int8_t(in.Byte()));
    double lat = kFloats[in.Byte() % std::size(kFloats)] + double(int8_t(in.Byte()));
    made = registry.FindScalar("ST_GEOGPOINT")->kernel({Value::Float(lon), Value::Float(lat)}, ctx);
  } else {
    made = registry.FindScalar("ST_GEOGFROMTEXT")->kernel({Value::String(Text(in))}, ctx);
  }
  return made.ok() ? *made : Value::Null();
}

Value MakeValue(ByteReader& in, int depth) {
  switch (in.Byte() % 21) {
    case 0:
      return Value::Undefined();
    case 1:
      return Value::Null();
    case 2:
      return Value::Bool(in.Byte() % 2 == 1);
    case 3:
    case 4:
      return Value::Int(IntPayload(in));
    case 5:
      return Value::Float(kFloats[in.Byte() % std::size(kFloats)]);
    case 6: {
      uint64_t bits = in.Bits(8);
      double value = 0;
      std::memcpy(&value, &bits, sizeof(value));
      return Value::Float(value);
    }
    case 7:
    case 8:
      return Value::String(Text(in));
    case 9:
      return Value::Bytes(in.Chunk(16));
    case 10:
      // Days as far out as DATE(timestamp) reaches (±292,277 years); no SQL path makes more.
      return Value::Date(IntPayload(in) % 106'751'992);
    case 11: {
      // Times are always within a day (every constructor wraps or rejects).
      uint64_t micros = uint64_t(IntPayload(in)) % 86400000000ULL;
      return Value::Time(int64_t(micros));
    }
    case 12:
      return Value::Datetime(IntPayload(in));
    case 13:
      return Value::Timestamp(IntPayload(in));
    case 14:
      return Value::MonthInterval(IntPayload(in));
    case 15:
      return Value::MicrosecondInterval(IntPayload(in));
    case 16:
    case 17: {
      Array elements;
      int count = depth < 3 ? in.Byte() % 7 : 0;
      for (int idx = 0; idx < count; ++idx) {
        Value element = MakeValue(in, depth + 1);
        // Arrays cannot hold undefined (spec/sql.md §3): constructors store null.
        elements.push_back(element.is_undefined() ? Value::Null() : std::move(element));
      }
      return Value::MakeArray(std::move(elements));
    }
    case 18: {
      Value object = Value::EmptyObject();
      int count = depth < 3 ? in.Byte() % 5 : 0;
      for (int idx = 0; idx < count; ++idx) {
        std::string key(Text(in));
        Value field = MakeValue(in, depth + 1);
        if (!field.is_undefined()) {
          object.Set(key, std::move(field));
        }
      }
      return object;
    }
    case 19: {
      // u256: small values (so arithmetic with ints succeeds) and the full 32 random bytes.
      std::string bytes(32, '\0');
      std::string_view random = in.Chunk(32);
      size_t keep = in.Byte() % 2 == 0 ? 8 : 32;
      for (size_t idx = 0; idx < keep && idx < random.size(); ++idx) {
        bytes[32 - keep + idx] = random[idx];
      }
      return Value::U256Bytes(bytes);
    }
    default:
      return MakeGeography(in);
  }
}

std::vector<Value> MakeArgs(ByteReader& in, int min_args, int max_args) {
  int most = max_args < 0 ? min_args + 4 : max_args;
  int count = min_args + (most > min_args ? in.Byte() % (most - min_args + 1) : 0);
  std::vector<Value> args;
  args.reserve(size_t(count));
  for (int idx = 0; idx < count; ++idx) {
    args.push_back(MakeValue(in, 0));
  }
  return args;
}

// BASALT_FUZZ_VERBOSE=1 prints each call before it is made (to replay a finding).
bool Verbose() {
  static const bool verbose = std::getenv("BASALT_FUZZ_VERBOSE") != nullptr;
  return verbose;
}

void PrintCall(std::string_view function, const std::vector<Value>& args) {
  std::string line(function);
  line += '(';
  for (size_t idx = 0; idx < args.size(); ++idx) {
    line += idx == 0 ? "" : ", ";
    const Value& arg = args[idx];
    line += std::string(ValueTypeName(arg.type())) + " ";
    // Raw payloads: rendering an extreme date is itself under test.
    if (arg.has_int_payload()) {
      line += std::to_string(arg.int_value());
    } else if (!arg.is_nullish()) {
      line += ToJson(arg);
    }
  }
  line += ")\n";
  std::fputs(line.c_str(), stderr);
}

[[noreturn]] void Fail(std::string_view function, const Status& status) {
  std::fprintf(stderr, "function_fuzz: %.*s failed with %s (only QUERY_ERROR is allowed)\n",
               int(function.size()), function.data(), status.ToString().c_str());
  std::abort();
}

void Check(std::string_view function, const Result<Value>& result) {
  if (!result.ok()) {
    if (result.status().code() != ErrorCode::kQueryError) {
      Fail(function, result.status());
    }
    return;
  }
  // The result must survive what the engine does next: rendering, hashing, ordering.
  std::string json = ToJson(*result);
  (void)result->Hash();
  (void)result->Compare(*result);
  (void)json;
}

void FuzzScalar(const FunctionDef& def, ByteReader& in) {
  if (def.name == "SLEEP") {
    return;  // pauses up to 10 s per call: the fuzzer would mostly wait
  }
  std::vector<Value> args = MakeArgs(in, def.min_args, def.max_args);
  if (def.nulls == NullHandling::kPropagate) {
    for (const Value& arg : args) {
      if (arg.is_nullish()) {
        return;  // the engine answers null without calling the kernel
      }
    }
  }
  FunctionContext ctx;
  ctx.now_micros = 1716719420000000 + int64_t(int32_t(uint32_t(in.Bits(4)))) * 1000000;
  if (Verbose()) {
    PrintCall(def.name, args);
  }
  Check(def.name, def.kernel(args, ctx));
}

void FuzzAggregate(const AggregateDef& def, ByteReader& in) {
  std::unique_ptr<AggregateState> state = def.create();
  int rows = in.Byte() % 9;
  for (int row = 0; row < rows; ++row) {
    std::vector<Value> args = MakeArgs(in, def.min_args, def.max_args);
    if (def.skip_nulls && !args.empty() && args[0].is_nullish()) {
      continue;
    }
    if (Verbose()) {
      PrintCall(def.name, args);
    }
    Status status = state->Update(args);
    if (!status.ok()) {
      if (status.code() != ErrorCode::kQueryError) {
        Fail(def.name, status);
      }
      return;  // the query fails; Finalize is never called
    }
  }
  Check(def.name, state->Finalize());
}

}  // namespace
}  // namespace basalt::sql

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using basalt::sql::FunctionRegistry;
  const FunctionRegistry& registry = FunctionRegistry::Get();
  basalt::sql::ByteReader in(data, size);
  size_t choice = size_t(in.Bits(2)) % (registry.scalars().size() + registry.aggregates().size());
  if (choice < registry.scalars().size()) {
    basalt::sql::FuzzScalar(registry.scalars()[choice], in);
  } else {
    basalt::sql::FuzzAggregate(registry.aggregates()[choice - registry.scalars().size()], in);
  }
  return 0;
}
