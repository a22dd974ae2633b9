// EXPECT_MESSAGE_HAS(message, text): an error message names what it should,
// unless the build compiles message text out (SPUD_NO_LOG_STRINGS).
#ifndef SPUD_TESTS_RUNTIME_EXPECT_MESSAGE_H_
#define SPUD_TESTS_RUNTIME_EXPECT_MESSAGE_H_

#include <gtest/gtest.h>

#include <string>

#if defined(SPUD_NO_LOG_STRINGS)
#define EXPECT_MESSAGE_HAS(message, text) (void)(message)
#else
#define EXPECT_MESSAGE_HAS(message, text) EXPECT_NE(std::string(message).find(text), std::string::npos) \
    << "message: " << (message)
#endif

#endif  // SPUD_TESTS_RUNTIME_EXPECT_MESSAGE_H_
