#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace basalt::catalog {

// A random (version 4) UUID in its canonical lower-case form. Thread-safe.
std::string NewUuid();

// A random secret of `length` characters from [A-Za-z0-9], drawn from OpenSSL's CSPRNG
// (API keys). Thread-safe.
std::string NewSecret(size_t length);

// Lower-case hex SHA-256 of `data` (how API keys are stored).
std::string Sha256Hex(std::string_view data);

// ISO-8601 UTC with second precision, e.g. "2024-03-01T12:00:00Z" (metadata times, api.md §1).
std::string FormatIsoSeconds(int64_t micros_since_epoch);

}  // namespace basalt::catalog
