#include <gtest/gtest.h>
TEST(ClientSmoke, Builds) {}
