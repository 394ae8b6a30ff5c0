// SmallJson (include/rtk/small_json.hpp): storage, access and dump; parse is in small_json_parse.cpp.
#include "rtk/small_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/detail/conversions/to_chars.hpp>

namespace rtk {

using Member = SmallJson::Member;

// ---- pointers ----

SmallJson::json_pointer::json_pointer(const std::string& s) {
  std::size_t pos = 0;
  while (pos < s.size() && s[pos] == '/') {
    const std::size_t next = s.find('/', pos + 1);
    std::string t = s.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
    std::string u;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '~' && i + 1 < t.size() && (t[i + 1] == '0' || t[i + 1] == '1')) {
        u += t[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        u += t[i];
      }
    }
    tokens.push_back(std::move(u));
    if (next == std::string::npos) break;
    pos = next;
  }
}

// ---- storage ----

const std::string& SmallJson::empty_string() noexcept {
  static const std::string s;
  return s;
}

const SmallJson& SmallJson::null_value() noexcept {
  static const SmallJson n;
  return n;
}

void SmallJson::destroy() noexcept {
  switch (type_) {
    case value_t::string: delete v_.s; break;
    case value_t::array: delete v_.a; break;
    case value_t::object:
      for (Member* m : *v_.o) delete m;
      delete v_.o;
      break;
    default: break;
  }
  type_ = value_t::null;
  v_.u = 0;
}

void SmallJson::set_type(value_t t) {
  destroy();
  type_ = t;
  switch (t) {
    case value_t::string: v_.s = new std::string(); break;
    case value_t::array: v_.a = new array_t(); break;
    case value_t::object: v_.o = new object_t(); break;
    default: break;
  }
}

SmallJson::SmallJson(value_t t) { set_type(t); }

SmallJson::SmallJson(std::string s) : type_(value_t::string) { v_.s = new std::string(std::move(s)); }

SmallJson::SmallJson(const SmallJson& o) : type_(o.type_), v_(o.v_) {
  switch (type_) {
    case value_t::string: v_.s = new std::string(*o.v_.s); break;
    case value_t::array: v_.a = new array_t(*o.v_.a); break;
    case value_t::object:
      v_.o = new object_t();
      v_.o->reserve(o.v_.o->size());
      for (const Member* m : *o.v_.o) v_.o->push_back(new Member{m->key, m->value});
      break;
    default: break;
  }
}

SmallJson::SmallJson(std::initializer_list<SmallJson> init) {
  const bool is_object = std::all_of(init.begin(), init.end(), [](const SmallJson& e) {
    return e.is_array() && e.v_.a->size() == 2 && (*e.v_.a)[0].is_string();
  });
  if (is_object && init.size() > 0) {
    set_type(value_t::object);
    for (const SmallJson& e : init) (*this)[*(*e.v_.a)[0].v_.s] = (*e.v_.a)[1];
  } else {
    set_type(value_t::array);
    v_.a->assign(init.begin(), init.end());
  }
}

SmallJson SmallJson::array(std::initializer_list<SmallJson> init) {
  SmallJson j(value_t::array);
  j.v_.a->assign(init.begin(), init.end());
  return j;
}

SmallJson SmallJson::object(std::initializer_list<SmallJson> init) {
  SmallJson j(value_t::object);
  for (const SmallJson& e : init)
    if (e.is_array() && e.v_.a->size() == 2 && (*e.v_.a)[0].is_string()) j[*(*e.v_.a)[0].v_.s] = (*e.v_.a)[1];
  return j;
}

// ---- objects ----

namespace {
// First member whose key is not less than key.
SmallJson::object_t::iterator lower(SmallJson::object_t& o, std::string_view key) {
  return std::lower_bound(o.begin(), o.end(), key, [](const Member* m, std::string_view k) { return m->key < k; });
}
}  // namespace

const SmallJson* SmallJson::find_member(std::string_view key) const noexcept {
  if (!is_object()) return nullptr;
  auto it = lower(*v_.o, key);
  return it != v_.o->end() && (*it)->key == key ? &(*it)->value : nullptr;
}

SmallJson& SmallJson::operator[](const std::string& key) {
  if (!is_object()) set_type(value_t::object);
  auto it = lower(*v_.o, key);
  if (it != v_.o->end() && (*it)->key == key) return (*it)->value;
  return (*v_.o->insert(it, new Member{key, SmallJson()}))->value;
}

const SmallJson& SmallJson::operator[](std::string_view key) const {
  const SmallJson* m = find_member(key);
  return m ? *m : null_value();
}

SmallJson& SmallJson::operator[](const json_pointer& ptr) {
  SmallJson* node = this;
  for (const std::string& t : ptr.tokens) {
    if (node->is_array()) {
      std::size_t i = 0;
      std::from_chars(t.data(), t.data() + t.size(), i);
      node = &(*node)[i];
    } else {
      node = &(*node)[t];
    }
  }
  return *node;
}

SmallJson::iterator SmallJson::find(std::string_view key) {
  if (!is_object()) return end();
  auto it = lower(*v_.o, key);
  if (it == v_.o->end() || (*it)->key != key) return end();
  return iterator(nullptr, v_.o->data() + (it - v_.o->begin()));
}

SmallJson::const_iterator SmallJson::find(std::string_view key) const {
  return const_cast<SmallJson*>(this)->find(key);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

std::size_t SmallJson::erase(std::string_view key) {
  if (!is_object()) return 0;
  auto it = lower(*v_.o, key);
  if (it == v_.o->end() || (*it)->key != key) return 0;
  delete *it;
  v_.o->erase(it);
  return 1;
}

SmallJson::iterator SmallJson::erase(const_iterator pos) {
  if (is_object() && pos.o_) {
    const auto i = pos.o_ - v_.o->data();
    delete (*v_.o)[static_cast<std::size_t>(i)];
    v_.o->erase(v_.o->begin() + i);
    return iterator(nullptr, v_.o->data() + i);
  }
  if (is_array() && pos.a_) {
    const auto i = pos.a_ - v_.a->data();
    v_.a->erase(v_.a->begin() + i);
    return iterator(v_.a->data() + i, nullptr);
  }
  return end();
}

void SmallJson::erase(std::size_t index) {
  if (is_array() && index < v_.a->size()) v_.a->erase(v_.a->begin() + static_cast<std::ptrdiff_t>(index));
}

const SmallJson& SmallJson::at(std::string_view key) const { return (*this)[key]; }

SmallJson& SmallJson::at(std::string_view key) {
  const SmallJson* m = find_member(key);
  return m ? const_cast<SmallJson&>(*m) : (*this)[std::string(key)];  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

std::string SmallJson::value(std::string_view key, const char* def) const {
  const SmallJson* m = find_member(key);
  return m && m->is_string() ? *m->v_.s : std::string(def);
}

void SmallJson::merge_patch(const SmallJson& patch) {
  if (!patch.is_object()) {
    *this = patch;
    return;
  }
  if (!is_object()) set_type(value_t::object);
  for (const Member* m : *patch.v_.o) {
    if (m->value.is_null())
      erase(m->key);
    else
      (*this)[m->key].merge_patch(m->value);
  }
}

void SmallJson::update(const SmallJson& other) {
  if (!other.is_object()) return;
  if (!is_object()) set_type(value_t::object);
  for (const Member* m : *other.v_.o) (*this)[m->key] = m->value;
}

// ---- arrays ----

SmallJson& SmallJson::operator[](std::size_t i) {
  if (!is_array()) set_type(value_t::array);
  if (i >= v_.a->size()) v_.a->resize(i + 1);
  return (*v_.a)[i];
}

const SmallJson& SmallJson::operator[](std::size_t i) const {
  return is_array() && i < v_.a->size() ? (*v_.a)[i] : null_value();
}

void SmallJson::push_back(SmallJson v) {
  if (!is_array()) set_type(value_t::array);
  v_.a->push_back(std::move(v));
}

SmallJson& SmallJson::back() {
  if (is_array() && !v_.a->empty()) return v_.a->back();
  if (is_object() && !v_.o->empty()) return v_.o->back()->value;
  return *this;
}

const SmallJson& SmallJson::back() const { return const_cast<SmallJson*>(this)->back(); }  // NOLINT

// ---- both ----

std::size_t SmallJson::size() const noexcept {
  switch (type_) {
    case value_t::null:
    case value_t::discarded: return 0;
    case value_t::array: return v_.a->size();
    case value_t::object: return v_.o->size();
    default: return 1;
  }
}

void SmallJson::clear() noexcept {
  switch (type_) {
    case value_t::array: v_.a->clear(); break;
    case value_t::object:
      for (Member* m : *v_.o) delete m;
      v_.o->clear();
      break;
    case value_t::string: v_.s->clear(); break;
    case value_t::number_integer:
    case value_t::number_unsigned:
    case value_t::number_float:
    case value_t::boolean: v_.u = 0; break;
    default: break;
  }
}

SmallJson::iterator SmallJson::begin() {
  switch (type_) {
    case value_t::array: return iterator(v_.a->data(), nullptr);
    case value_t::object: return iterator(nullptr, v_.o->data());
    default: return iterator(this, nullptr);
  }
}

SmallJson::iterator SmallJson::end() {
  switch (type_) {
    case value_t::array: return iterator(v_.a->data() + v_.a->size(), nullptr);
    case value_t::object: return iterator(nullptr, v_.o->data() + v_.o->size());
    case value_t::null:
    case value_t::discarded: return iterator(this, nullptr);
    default: return iterator(this + 1, nullptr);  // a scalar iterates as itself, as in nlohmann
  }
}

SmallJson::const_iterator SmallJson::begin() const { return const_cast<SmallJson*>(this)->begin(); }  // NOLINT
SmallJson::const_iterator SmallJson::end() const { return const_cast<SmallJson*>(this)->end(); }      // NOLINT

namespace {
bool is_num(SmallJson::value_t t) {
  return t == SmallJson::value_t::number_integer || t == SmallJson::value_t::number_unsigned ||
         t == SmallJson::value_t::number_float;
}
// Numbers of different kinds compare as nlohmann does: with a double, as doubles; signed
// with unsigned, the unsigned cast to int64.
int compare_numbers(const SmallJson& a, const SmallJson& b) {
  using V = SmallJson::value_t;
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.type() == V::number_float || b.type() == V::number_float) return cmp(a.get<double>(), b.get<double>());
  if (a.type() == V::number_unsigned && b.type() == V::number_unsigned)
    return cmp(a.get<std::uint64_t>(), b.get<std::uint64_t>());
  return cmp(a.get<std::int64_t>(), b.get<std::int64_t>());
}
}  // namespace

bool operator==(const SmallJson& a, const SmallJson& b) noexcept {
  using V = SmallJson::value_t;
  if (a.type_ == V::discarded || b.type_ == V::discarded) return false;
  if (is_num(a.type_) && is_num(b.type_)) return compare_numbers(a, b) == 0;
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case V::null: return true;
    case V::boolean: return a.v_.b == b.v_.b;
    case V::string: return *a.v_.s == *b.v_.s;
    case V::array: return *a.v_.a == *b.v_.a;
    case V::object: {
      const auto& x = *a.v_.o;
      const auto& y = *b.v_.o;
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i]->key != y[i]->key || !(x[i]->value == y[i]->value)) return false;
      return true;
    }
    default: return false;
  }
}

bool operator<(const SmallJson& a, const SmallJson& b) noexcept {
  using V = SmallJson::value_t;
  if (is_num(a.type_) && is_num(b.type_)) return compare_numbers(a, b) < 0;
  if (a.type_ != b.type_) return static_cast<int>(a.type_) < static_cast<int>(b.type_);
  switch (a.type_) {
    case V::boolean: return a.v_.b < b.v_.b;
    case V::string: return *a.v_.s < *b.v_.s;
    case V::array: return std::lexicographical_compare(a.v_.a->begin(), a.v_.a->end(), b.v_.a->begin(), b.v_.a->end());
    case V::object:
      return std::lexicographical_compare(
          a.v_.o->begin(), a.v_.o->end(), b.v_.o->begin(), b.v_.o->end(),
          [](const Member* x, const Member* y) { return x->key != y->key ? x->key < y->key : x->value < y->value; });
    default: return false;
  }
}

// ---- dump ----

namespace {

void put_replacement(std::string& out) { out += "\xEF\xBF\xBD"; }

// As nlohmann's serializer::dump_escaped with ensure_ascii = false and error_handler_t::replace
// (or ignore): each invalid UTF-8 sequence becomes one U+FFFD; a byte that breaks a sequence
// is read again as the start of the next one.
void dump_string(std::string& out, const std::string& s, bool replace) {
  out += '"';
  std::size_t last_accept = out.size();
  int need = 0;  // continuation bytes still expected
  unsigned lo = 0x80, hi = 0xBF;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (need > 0) {
      if (b >= lo && b <= hi) {
        out += static_cast<char>(b);
        lo = 0x80;
        hi = 0xBF;
        if (--need == 0) last_accept = out.size();
        continue;
      }
      out.resize(last_accept);
      if (replace) put_replacement(out);
      last_accept = out.size();
      need = 0;
      lo = 0x80;
      hi = 0xBF;
      --i;  // read this byte again
      continue;
    }
    if (b < 0x80) {
      switch (b) {
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        default:
          if (b <= 0x1F) {
            static const char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
          } else {
            out += static_cast<char>(b);
          }
      }
      last_accept = out.size();
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      if (replace) put_replacement(out);
      last_accept = out.size();
      continue;
    }
    out += static_cast<char>(b);
  }
  if (need > 0) {
    out.resize(last_accept);
    if (replace) put_replacement(out);
  }
  out += '"';
}

template <class T>
void dump_int(std::string& out, T v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// nlohmann's own double formatting (Grisu2, printf("%g")-like layout, ".0" on integral
// values), header-only and free of the rest of nlohmann: dumps match it byte for byte.
void dump_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void dump_value(std::string& out, const SmallJson& j, int indent, char indent_char, bool replace, int level);

void newline_indent(std::string& out, int indent, char indent_char, int level) {
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), indent_char);
}

void dump_value(std::string& out, const SmallJson& j, int indent, char indent_char, bool replace, int level) {
  using V = SmallJson::value_t;
  switch (j.type()) {
    case V::null: out += "null"; return;
    case V::discarded: out += "<discarded>"; return;
    case V::boolean: out += j.get<bool>() ? "true" : "false"; return;
    case V::number_integer: dump_int(out, j.get<std::int64_t>()); return;
    case V::number_unsigned: dump_int(out, j.get<std::uint64_t>()); return;
    case V::number_float: dump_double(out, j.get<double>()); return;
    case V::string: dump_string(out, j.get_ref<const std::string&>(), replace); return;
    case V::array:
    case V::object: {
      const bool obj = j.is_object();
      if (j.empty()) {
        out += obj ? "{}" : "[]";
        return;
      }
      out += obj ? '{' : '[';
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) out += ',';
        first = false;
        if (indent >= 0) newline_indent(out, indent, indent_char, level + 1);
        if (obj) {
          dump_string(out, it.key(), replace);
          out += indent >= 0 ? ": " : ":";
        }
        dump_value(out, *it, indent, indent_char, replace, level + 1);
      }
      if (indent >= 0) newline_indent(out, indent, indent_char, level);
      out += obj ? '}' : ']';
      return;
    }
  }
}

}  // namespace

std::string SmallJson::dump(int indent, char indent_char, bool /*ensure_ascii*/, error_handler_t handler) const {
  std::string out;
  dump_value(out, *this, indent, indent_char, handler != error_handler_t::ignore, 0);
  return out;
}

}  // namespace rtk
