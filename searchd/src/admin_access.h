// Who may read the operator endpoints (GET /api/v1/stats): without an admin token, loopback
// clients only; with one, any client that sends `Authorization: Bearer <token>`.
#pragma once

#include <string_view>

namespace kb::http {

enum class AdminAccess { allow, unauthorized, forbidden };  // 200, 401, 403

// 127.0.0.0/8, ::1 and ::ffff:127.x.x.x, as the socket's peer address is written; false
// for anything else, also text that is no address ("", "localhost").
bool is_loopback(std::string_view address);

// a == b, in a time that depends on b's length only (b is the secret): no early exit on
// the first differing byte, nor on a length difference.
bool constant_time_equal(std::string_view a, std::string_view b);

// The rule: a configured `token` ("" for none) needs `authorization` to be "Bearer <token>"
// (scheme in any case): none or another scheme is unauthorized, another token forbidden,
// whatever the client's address. Without a token, loopback clients are allowed and the
// others forbidden.
AdminAccess admin_access(std::string_view client_address, std::string_view token,
                         std::string_view authorization);

}  // namespace kb::http
