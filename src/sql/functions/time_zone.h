#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"

namespace basalt::sql {

// A time zone: a fixed UTC offset, or an IANA zone read from the system tz database
// (/usr/share/zoneinfo, TZif v2+ files, with the POSIX TZ footer rule for instants after the
// last listed transition). Immutable and shared across threads once loaded.
class TimeZone {
 public:
  struct Rule;  // POSIX TZ rule (tz footer); defined in time_zone.cc.

  static std::shared_ptr<const TimeZone> Fixed(int64_t offset_seconds, std::string name);
  // Parses the contents of a TZif file. Malformed data -> QUERY_ERROR.
  static Result<std::shared_ptr<const TimeZone>> FromTzif(std::string name, std::string_view data);
  ~TimeZone();

  const std::string& name() const { return name_; }
  // Seconds east of UTC at the UTC instant `utc_micros`.
  int64_t OffsetAt(int64_t utc_micros) const;
  // The zone abbreviation in effect (e.g. "PST"), or "+HH:MM" for fixed offsets.
  std::string AbbreviationAt(int64_t utc_micros) const;
  // Civil (wall clock) micros of a UTC instant.
  // Saturates at the ends of the int64 range (instants hundreds of millennia away).
  int64_t ToLocal(int64_t utc_micros) const {
    int64_t local = 0;
    if (__builtin_add_overflow(utc_micros, OffsetAt(utc_micros) * 1000000, &local)) {
      return utc_micros < 0 ? INT64_MIN : INT64_MAX;
    }
    return local;
  }
  // UTC instant of a civil time. In a repeated hour the earlier instant; in a skipped hour the
  // offset in force before the gap is used (so 02:30 in a spring-forward gap becomes 03:30).
  int64_t ToUtc(int64_t local_micros) const;

 private:
  TimeZone();

  struct LocalType {
    int64_t offset;  // seconds east of UTC
    bool is_dst;
    std::string abbreviation;
  };
  // Offset type index in force at a UTC second.
  const LocalType& TypeAt(int64_t utc_seconds) const;

  std::string name_;
  std::vector<int64_t> transitions_;       // UTC seconds, ascending
  std::vector<uint8_t> transition_types_;  // index into types_, per transition
  std::vector<LocalType> types_;
  std::unique_ptr<Rule> rule_;  // for instants after the last transition; may be null
};

// Finds a zone by IANA name ('America/Los_Angeles', 'UTC') or fixed offset text ('+05:30',
// '-08', 'Z'). Loaded zones are cached. Unknown zone -> QUERY_ERROR naming `function`.
Result<std::shared_ptr<const TimeZone>> FindTimeZone(std::string_view function,
                                                     std::string_view name);

// A time-zone argument (sql.md §9.9): a zone-name string or a microsecond_interval used as
// a fixed UTC offset. `index` is 1-based for the error message.
Result<std::shared_ptr<const TimeZone>> TimeZoneArg(std::string_view function, const Value& tz,
                                                    int index);

// `v AT TIME ZONE tz`: datetime -> timestamp (v read as wall time in tz); timestamp ->
// datetime (the wall time in tz). null/undefined operands -> null; other types are errors.
Result<Value> AtTimeZone(const Value& v, const Value& tz);

}  // namespace basalt::sql
