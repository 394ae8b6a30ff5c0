// Umbrella header for the OpenRTK core.
#pragma once

#include "rtk/assignment.hpp"
#include "rtk/chat.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/errors.hpp"
#include "rtk/json.hpp"
#include "rtk/meeting.hpp"
#include "rtk/permissions.hpp"
#include "rtk/preset.hpp"
#include "rtk/protocol.hpp"
