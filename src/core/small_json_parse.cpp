// SmallJson::parse (include/rtk/small_json.hpp): a strict RFC 8259 reader, as nlohmann's parser
// accepts and refuses; never throws.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "rtk/small_json.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>

// In the browser (and node), the engine's Number() reads a JSON number, correctly rounded as
// strtod: musl's strtod and its long-double soft float are a few KB of wasm.
EM_JS(double, rtk_json_read_double, (const char* s, int n), {
  let t = "";
  for (let i = 0; i < n; i++) t += String.fromCharCode(HEAPU8[s + i]);
  return Number(t);
});
#endif

namespace rtk {

using Member = SmallJson::Member;

// ---- parse ----

class SmallJsonParser {
 public:
  explicit SmallJsonParser(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  bool document(SmallJson& out) {
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
    if (!value(out, 0)) return false;
    ws();
    return p_ == end_;
  }

 private:
  void ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool eat(char c) {
    ws();
    if (p_ != end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool literal(const char* word, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  bool value(SmallJson& out, std::size_t depth) {
    ws();
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = SmallJson(std::move(s));
        return true;
      }
      case 't': out = true; return literal("true", 4);
      case 'f': out = false; return literal("false", 5);
      case 'n': out = nullptr; return literal("null", 4);
      default: return number(out);
    }
  }

  bool object(SmallJson& out, std::size_t depth) {
    if (depth > SmallJson::kMaxParseDepth) return false;
    ++p_;  // {
    out = SmallJson(SmallJson::value_t::object);
    if (eat('}')) return true;
    SmallJson::object_t& members = *out.v_.o;
    bool sorted = true;
    do {
      ws();
      auto* m = new Member{};
      members.push_back(m);
      if (p_ == end_ || *p_ != '"' || !string(m->key) || !eat(':') || !value(m->value, depth)) return false;
      if (members.size() > 1 && !(members[members.size() - 2]->key < m->key)) sorted = false;
    } while (eat(','));
    if (!eat('}')) return false;
    if (!sorted) sort_members(members);
    return true;
  }

  // Stable merge sort by key, then of repeated keys the last one stays (as nlohmann's parser).
  // Input from the server arrives sorted (nlohmann dumps sorted keys), so this is the rare path.
  static void sort_members(SmallJson::object_t& m) {
    SmallJson::object_t tmp(m.size());
    merge_sort(m.data(), tmp.data(), m.size());
    std::size_t w = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
      if (i + 1 < m.size() && m[i + 1]->key == m[i]->key) {
        delete m[i];
        continue;
      }
      m[w++] = m[i];
    }
    m.resize(w);
  }
  static void merge_sort(Member** a, Member** tmp, std::size_t n) {
    if (n < 2) return;
    const std::size_t h = n / 2;
    merge_sort(a, tmp, h);
    merge_sort(a + h, tmp, n - h);
    std::size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = a[j]->key < a[i]->key ? a[j++] : a[i++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    std::copy(tmp, tmp + n, a);
  }

  bool array(SmallJson& out, std::size_t depth) {
    if (depth > SmallJson::kMaxParseDepth) return false;
    ++p_;  // [
    out = SmallJson(SmallJson::value_t::array);
    if (eat(']')) return true;
    do {
      SmallJson v;
      if (!value(v, depth)) return false;
      out.push_back(std::move(v));
    } while (eat(','));
    return eat(']');
  }

  bool hex4(unsigned& cp) {
    if (end_ - p_ < 4) return false;
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      cp <<= 4;
      if (c >= '0' && c <= '9')
        cp |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        cp |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        cp |= static_cast<unsigned>(c - 'A' + 10);
      else
        return false;
    }
    return true;
  }

  static void utf8(std::string& s, unsigned cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // At the opening quote. Strict as nlohmann's lexer: no raw control characters, valid
  // escapes and surrogate pairs, valid UTF-8.
  bool string(std::string& s) {
    ++p_;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_++);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (p_ == end_) return false;
        switch (*p_++) {
          case '"': s += '"'; break;
          case '\\': s += '\\'; break;
          case '/': s += '/'; break;
          case 'b': s += '\b'; break;
          case 'f': s += '\f'; break;
          case 'n': s += '\n'; break;
          case 'r': s += '\r'; break;
          case 't': s += '\t'; break;
          case 'u': {
            unsigned cp = 0;
            if (!hex4(cp)) return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              unsigned lo = 0;
              if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
              p_ += 2;
              if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            utf8(s, cp);
            break;
          }
          default: return false;
        }
        continue;
      }
      if (c < 0x80) {
        s += static_cast<char>(c);
        continue;
      }
      int need = 0;
      unsigned lo = 0x80, hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
      } else {
        return false;
      }
      s += static_cast<char>(c);
      for (; need > 0; --need) {
        if (p_ == end_) return false;
        const auto cc = static_cast<unsigned char>(*p_++);
        if (cc < lo || cc > hi) return false;
        s += static_cast<char>(cc);
        lo = 0x80;
        hi = 0xBF;
      }
    }
    return false;
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?  Integers that fit are int64 (negative) or
  // uint64, others double (a non-finite double is refused, as nlohmann does).
  bool number(SmallJson& out) {
    const char* start = p_;
    bool integer = true;
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_ || !digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (integer) {
      if (*start == '-') {
        std::int64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) {
          out = v;
          return true;
        }
      } else {
        std::uint64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) {
          out = v;
          return true;
        }
      }
    }
#ifdef __EMSCRIPTEN__
    const double d = rtk_json_read_double(start, static_cast<int>(p_ - start));
#else
    const std::string token(start, p_);
    const double d = std::strtod(token.c_str(), nullptr);
#endif
    if (!std::isfinite(d)) return false;
    out = d;
    return true;
  }

  const char* p_;
  const char* end_;
};

SmallJson SmallJson::parse(std::string_view text, std::nullptr_t, bool, bool) {
  SmallJson out;
  SmallJsonParser parser(text);
  if (!parser.document(out)) {
    out = SmallJson();
    out.type_ = value_t::discarded;
  }
  return out;
}

}  // namespace rtk
