// A small JSON value with the part of nlohmann::json's API that the core, the client and the
// wasm runtime use (docs/decisions.md, "Size budgets"). The wasm build (RTK_SMALL_JSON) uses it
// as rtk::Json instead of nlohmann, which was a large share of openrtk.wasm; native builds keep
// nlohmann and tests/unit/small_json_test.cpp compares the two.
//
// Same observable behaviour as nlohmann::json for what the project does with it:
//  - objects keep their keys sorted (nlohmann's default std::map order), arrays in order;
//  - numbers keep int64 / uint64 / double apart (parsed non-negative integers are unsigned,
//    negative ones signed, others double), compare across kinds by value;
//  - dump() is byte-identical to nlohmann's compact dump (escapes, shortest round-trip doubles
//    with ".0" for integral ones, NaN/inf as null); invalid UTF-8 in strings is replaced with
//    U+FFFD as nlohmann's error_handler_t::replace does, whatever the handler (never an abort);
//  - parse(s, nullptr, false) accepts exactly RFC 8259 JSON (as nlohmann's strict parser: a
//    leading BOM is skipped, invalid UTF-8 refused) and returns a discarded value otherwise.
//    It never throws; nesting deeper than kMaxParseDepth is refused too.
// Where nlohmann would throw (get<T>() of the wrong type, non-const operator[] on a scalar,
// at() of a missing key) this class does not: get/value return a default, operator[] makes the
// value an object/array, at() returns a null.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace rtk {

class SmallJson {
 public:
  enum class value_t : std::uint8_t {
    null,
    object,
    array,
    string,
    boolean,
    number_integer,
    number_unsigned,
    number_float,
    discarded
  };
  enum class error_handler_t { strict, replace, ignore };
  static constexpr std::size_t kMaxParseDepth = 512;

  struct Member;
  using array_t = std::vector<SmallJson>;
  using object_t = std::vector<Member*>;  // sorted by key; members stay put when others are added
  using string_t = std::string;
  using size_type = std::size_t;
  using value_type = SmallJson;
  using reference = SmallJson&;
  using const_reference = const SmallJson&;

  // "/a/b" paths as nlohmann's json_pointer, for operator[] (creating objects on the way).
  class json_pointer {
   public:
    explicit json_pointer(const std::string& s);
    std::vector<std::string> tokens;
  };

  template <bool Const>
  class iter {
   public:
    using value_type = SmallJson;
    using difference_type = std::ptrdiff_t;
    using reference = std::conditional_t<Const, const SmallJson&, SmallJson&>;
    using pointer = std::conditional_t<Const, const SmallJson*, SmallJson*>;
    using iterator_category = std::forward_iterator_tag;

    iter() = default;
    iter(pointer a, Member* const* o) : a_(a), o_(o) {}
    template <bool C = Const, class = std::enable_if_t<C>>
    iter(const iter<false>& other) : a_(other.a_), o_(other.o_) {}  // NOLINT: iterator -> const_iterator

    reference operator*() const;
    pointer operator->() const { return &**this; }
    const std::string& key() const;  // the member's key (empty for array elements)
    reference value() const { return **this; }
    iter& operator++() {
      if (o_)
        ++o_;
      else
        ++a_;
      return *this;
    }
    iter operator++(int) {
      iter t = *this;
      ++*this;
      return t;
    }
    friend bool operator==(const iter& x, const iter& y) { return x.a_ == y.a_ && x.o_ == y.o_; }
    friend bool operator!=(const iter& x, const iter& y) { return !(x == y); }

   private:
    friend class SmallJson;
    friend class iter<!Const>;
    pointer a_ = nullptr;
    Member* const* o_ = nullptr;
  };
  using iterator = iter<false>;
  using const_iterator = iter<true>;

  // items(): for (auto& it : j.items()) it.key(), it.value().
  template <bool Const>
  class items_range {
   public:
    struct it_t {
      iter<Const> i;
      const iter<Const>& operator*() const { return i; }
      it_t& operator++() {
        ++i;
        return *this;
      }
      bool operator!=(const it_t& o) const { return i != o.i; }
      bool operator==(const it_t& o) const { return i == o.i; }
    };
    it_t begin() const { return {b}; }
    it_t end() const { return {e}; }
    iter<Const> b, e;
  };

  // Construction: null, booleans, numbers (signed -> int64, unsigned -> uint64, floating ->
  // double), strings, containers (maps -> objects, other ranges -> arrays), brace lists
  // (an object when every element is a [string, value] pair, as nlohmann decides).
  SmallJson() noexcept {}
  SmallJson(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor)
  SmallJson(value_t t);                  // NOLINT(google-explicit-constructor)
  template <class B, std::enable_if_t<std::is_same_v<B, bool>, int> = 0>
  SmallJson(B b) noexcept : type_(value_t::boolean) {  // NOLINT(google-explicit-constructor)
    v_.b = b;
  }
  template <class I,
            std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool> && std::is_signed_v<I>, int> = 0>
  SmallJson(I i) noexcept : type_(value_t::number_integer) {  // NOLINT(google-explicit-constructor)
    v_.i = static_cast<std::int64_t>(i);
  }
  template <class U,
            std::enable_if_t<std::is_integral_v<U> && !std::is_same_v<U, bool> && std::is_unsigned_v<U>, int> = 0>
  SmallJson(U u) noexcept : type_(value_t::number_unsigned) {  // NOLINT(google-explicit-constructor)
    v_.u = static_cast<std::uint64_t>(u);
  }
  template <class F, std::enable_if_t<std::is_floating_point_v<F>, int> = 0>
  SmallJson(F f) noexcept : type_(value_t::number_float) {  // NOLINT(google-explicit-constructor)
    v_.d = static_cast<double>(f);
  }
  SmallJson(const char* s) : SmallJson(std::string(s)) {}       // NOLINT(google-explicit-constructor)
  SmallJson(std::string_view s) : SmallJson(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  SmallJson(std::string s);                                     // NOLINT(google-explicit-constructor)
  SmallJson(std::initializer_list<SmallJson> init);             // NOLINT(google-explicit-constructor)
  template <class C, class = decltype(std::declval<const C&>().begin()),
            std::enable_if_t<!std::is_convertible_v<const C&, std::string_view> &&
                                 !std::is_same_v<std::decay_t<C>, SmallJson> &&
                                 !std::is_same_v<std::decay_t<C>, json_pointer>,
                             int> = 0>
  SmallJson(const C& c) {  // NOLINT(google-explicit-constructor)
    using E = std::decay_t<decltype(*c.begin())>;
    if constexpr (is_pair<E>::value) {
      set_type(value_t::object);
      for (const auto& [k, v] : c) (*this)[std::string(k)] = SmallJson(v);
    } else {
      set_type(value_t::array);
      for (const auto& e : c) v_.a->push_back(SmallJson(e));
    }
  }
  SmallJson(const SmallJson& o);
  SmallJson(SmallJson&& o) noexcept : type_(o.type_), v_(o.v_) {
    o.type_ = value_t::null;
    o.v_.u = 0;
  }
  SmallJson& operator=(SmallJson o) noexcept {
    swap(o);
    return *this;
  }
  ~SmallJson() { destroy(); }
  void swap(SmallJson& o) noexcept {
    std::swap(type_, o.type_);
    std::swap(v_, o.v_);
  }

  static SmallJson array(std::initializer_list<SmallJson> init = {});
  static SmallJson object(std::initializer_list<SmallJson> init = {});

  // Parses text; never throws (allow_exceptions is ignored: invalid input is a discarded value).
  static SmallJson parse(std::string_view text, std::nullptr_t = nullptr, bool allow_exceptions = true,
                         bool ignore_comments = false);
  template <class It, class = decltype(*std::declval<It>())>
  static SmallJson parse(It first, It last, std::nullptr_t = nullptr, bool allow_exceptions = true,
                         bool ignore_comments = false) {
    if (first == last) return parse(std::string_view(), nullptr, allow_exceptions, ignore_comments);
    return parse(std::string_view(&*first, static_cast<std::size_t>(last - first)), nullptr, allow_exceptions,
                 ignore_comments);
  }

  // Compact when indent < 0, else pretty with indent spaces (as nlohmann).
  std::string dump(int indent = -1, char indent_char = ' ', bool ensure_ascii = false,
                   error_handler_t handler = error_handler_t::strict) const;

  value_t type() const noexcept { return type_; }
  bool is_null() const noexcept { return type_ == value_t::null; }
  bool is_object() const noexcept { return type_ == value_t::object; }
  bool is_array() const noexcept { return type_ == value_t::array; }
  bool is_string() const noexcept { return type_ == value_t::string; }
  bool is_boolean() const noexcept { return type_ == value_t::boolean; }
  bool is_number() const noexcept { return is_number_integer() || is_number_float(); }
  bool is_number_integer() const noexcept {
    return type_ == value_t::number_integer || type_ == value_t::number_unsigned;
  }
  bool is_number_unsigned() const noexcept { return type_ == value_t::number_unsigned; }
  bool is_number_float() const noexcept { return type_ == value_t::number_float; }
  bool is_primitive() const noexcept { return !is_structured() && !is_discarded(); }
  bool is_structured() const noexcept { return is_object() || is_array(); }
  bool is_discarded() const noexcept { return type_ == value_t::discarded; }

  // get<T>(): the value as T; a default T when it is of another type (nlohmann would throw).
  template <class T>
  T get() const {
    if constexpr (std::is_same_v<T, SmallJson>) {
      return *this;
    } else if constexpr (std::is_same_v<T, bool>) {
      return type_ == value_t::boolean && v_.b;
    } else if constexpr (std::is_arithmetic_v<T>) {
      switch (type_) {
        case value_t::number_integer: return static_cast<T>(v_.i);
        case value_t::number_unsigned: return static_cast<T>(v_.u);
        case value_t::number_float: return static_cast<T>(v_.d);
        case value_t::boolean: return static_cast<T>(v_.b);
        default: return T{};
      }
    } else if constexpr (std::is_same_v<T, std::string>) {
      return is_string() ? *v_.s : std::string();
    } else {
      T out{};
      if (is_array())
        for (const auto& e : *v_.a) out.push_back(e.template get<typename T::value_type>());
      return out;
    }
  }
  template <class T>
  T get_ref() const {
    static_assert(std::is_same_v<T, const std::string&>, "get_ref<const std::string&>() only");
    return is_string() ? *v_.s : empty_string();
  }
  template <class T>
  void get_to(T& out) const {
    out = get<T>();
  }

  // Objects.
  SmallJson& operator[](const std::string& key);
  SmallJson& operator[](const char* key) { return (*this)[std::string(key)]; }
  const SmallJson& operator[](std::string_view key) const;  // a null when missing
  const SmallJson& operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  const SmallJson& operator[](const std::string& key) const { return (*this)[std::string_view(key)]; }
  SmallJson& operator[](const json_pointer& ptr);
  iterator find(std::string_view key);
  const_iterator find(std::string_view key) const;
  bool contains(std::string_view key) const { return find_member(key) != nullptr; }
  std::size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }
  std::size_t erase(std::string_view key);
  iterator erase(const_iterator pos);
  void erase(std::size_t index);
  const SmallJson& at(std::string_view key) const;  // a null when missing
  SmallJson& at(std::string_view key);
  // value(key, default): the member as the default's type, or the default when missing, of
  // another type, or this is not an object.
  std::string value(std::string_view key, const char* def) const;
  template <class T>
  T value(std::string_view key, const T& def) const {
    const SmallJson* m = find_member(key);
    if (m == nullptr) return def;
    if constexpr (std::is_same_v<T, SmallJson>) {
      return *m;
    } else {
      if (!m->holds_kind_of<T>()) return def;
      return m->get<T>();
    }
  }
  void merge_patch(const SmallJson& patch);
  void update(const SmallJson& other);

  // Arrays.
  SmallJson& operator[](std::size_t i);
  const SmallJson& operator[](std::size_t i) const;  // a null past the end
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, std::size_t>, int> = 0>
  SmallJson& operator[](I i) {
    return (*this)[static_cast<std::size_t>(i)];
  }
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, std::size_t>, int> = 0>
  const SmallJson& operator[](I i) const {
    return (*this)[static_cast<std::size_t>(i)];
  }
  const SmallJson& at(std::size_t i) const { return (*this)[i]; }
  void push_back(SmallJson v);
  template <class... A>
  SmallJson& emplace_back(A&&... a) {
    push_back(SmallJson(std::forward<A>(a)...));
    return back();
  }
  SmallJson& back();
  const SmallJson& back() const;
  SmallJson& front() { return *begin(); }
  const SmallJson& front() const { return *begin(); }
  SmallJson& operator+=(SmallJson v) {
    push_back(std::move(v));
    return *this;
  }

  // Both.
  std::size_t size() const noexcept;
  bool empty() const noexcept { return size() == 0; }
  void clear() noexcept;
  iterator begin();
  iterator end();
  const_iterator begin() const;
  const_iterator end() const;
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }
  items_range<false> items() { return {begin(), end()}; }
  items_range<true> items() const { return {begin(), end()}; }

  friend bool operator==(const SmallJson& a, const SmallJson& b) noexcept;
  friend bool operator!=(const SmallJson& a, const SmallJson& b) noexcept { return !(a == b); }
  friend bool operator<(const SmallJson& a, const SmallJson& b) noexcept;
  friend std::ostream& operator<<(std::ostream& os, const SmallJson& j);

 private:
  friend class SmallJsonParser;
  template <class T>
  struct is_pair : std::false_type {};
  template <class A, class B>
  struct is_pair<std::pair<A, B>> : std::true_type {};

  template <class T>
  bool holds_kind_of() const noexcept {
    if constexpr (std::is_same_v<T, bool>)
      return is_boolean();
    else if constexpr (std::is_arithmetic_v<T>)
      return is_number();
    else if constexpr (std::is_same_v<T, std::string>)
      return is_string();
    else
      return is_array();
  }
  static const std::string& empty_string() noexcept;
  static const SmallJson& null_value() noexcept;
  const SmallJson* find_member(std::string_view key) const noexcept;
  void set_type(value_t t);
  void destroy() noexcept;

  value_t type_ = value_t::null;
  union {
    bool b;
    std::int64_t i;
    std::uint64_t u;
    double d;
    std::string* s;
    array_t* a;
    object_t* o;
  } v_{};
};

struct SmallJson::Member {
  std::string key;
  SmallJson value;
};

template <bool Const>
typename SmallJson::iter<Const>::reference SmallJson::iter<Const>::operator*() const {
  return o_ ? (*o_)->value : *a_;
}

template <bool Const>
const std::string& SmallJson::iter<Const>::key() const {
  return o_ ? (*o_)->key : SmallJson::empty_string();
}

}  // namespace rtk
