#include "app.hpp"

#include <filesystem>
#include <system_error>

#include "log.hpp"
#include "static_files.hpp"

namespace rtk::server {

namespace {
Limits limits_from(const Config& c) {
  Limits l;
  l.max_participants = static_cast<std::size_t>(c.max_participants);
  l.max_meetings = static_cast<std::size_t>(c.max_meetings);
  return l;
}
}  // namespace

std::size_t room_cap_of(const Config& c) { return c.media == "mesh" ? static_cast<std::size_t>(c.mesh_max_room) : 0; }

IceConfig ice_config_of(const Config& c) {
  return IceConfig{c.ice_servers, c.turn_secret, c.turn_ttl_s, c.ice_transport_policy};
}

App::App(Config config, Secrets secrets, std::unique_ptr<Store> store, Clock clock, Scheduler* scheduler)
    : config_(std::move(config)),
      secrets_(std::move(secrets)),
      clock_(std::move(clock)),
      store_(std::move(store)),
      scheduler_(scheduler ? scheduler : &immediate_),
      limits_(limits_from(config_)),
      fanout_(registry_, hub_, *scheduler_, proto::wire_limits(limits_, room_cap_of(config_))),
      groups_(registry_, *store_, fanout_, clock_, limits_),
      service_(registry_, groups_, fanout_),
      ws_(registry_, service_, fanout_, hub_, clock_),
      rest_{registry_, *store_, groups_, service_, fanout_, hub_, secrets_, clock_, config_.token_ttl_s} {
  groups_.set_room_cap(room_cap_of(config_));
  groups_.set_sfu(config_.media == "sfu");
  RecorderOptions ro;
  ro.dir = config_.recordings_dir.empty() ? config_.data_dir + "/recordings" : config_.recordings_dir;
  ro.dir = std::filesystem::absolute(ro.dir).lexically_normal().string();
  if (ro.dir.size() > 1 && ro.dir.back() == '/') ro.dir.pop_back();
  ro.min_free_mb = config_.recording_min_free_mb;
  ro.sfu = config_.media == "sfu";
  ro.signing_secret = secrets_.signing_secret;
  recorder_ = std::make_unique<Recorder>(registry_, *store_, clock_, ro);
  groups_.set_observer(recorder_.get());
  rest_.recorder = recorder_.get();
  service_.set_recorder(recorder_.get());
  recorder_->set_on_change([this](const Recording& r) {
    fanout_.to_meeting(r.group_id, r.meeting_id, Hub::text(proto::event(recorder_->state_of(r.meeting_id))));
  });
  fanout_.set_recording_state([this](const std::string& mid) { return recorder_->state_of(mid); });
  fanout_.set_media([this, ice = ice_config_of(config_)](const std::string& participant_id) {
    return media_for(config_.media, ice, participant_id, clock_());
  });
  if (config_.media == "sfu") {
    sfu_ = std::make_unique<SfuController>(registry_, hub_, config_.janus_admin_key);
    sfu_->set_video_slots(static_cast<std::size_t>(config_.video_slots));
    ws_.set_sfu(sfu_.get());
    recorder_->set_sfu(sfu_.get());
    groups_.set_pins_changed([this](const std::string& group_id) { sfu_->resync(group_id); });
  }
  // After every flush: end the listens that no longer hold (a REST edit of a preset's permissions
  // is not a group command, so the commands' own pruning misses it), then re-point the SFU.
  fanout_.set_after_flush([this](const std::string& group_id) {
    groups_.prune_listens(group_id);
    if (sfu_) sfu_->resync(group_id);
  });
}

Result<std::unique_ptr<App>> App::create(const Config& config, Clock clock, Scheduler* scheduler) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec) return make_error(ErrorCode::internal, "cannot create data dir " + config.data_dir + ": " + ec.message());
  Secrets secrets;
  if (!config.api_key.empty()) {
    secrets.api_key = config.api_key;
  } else {
    bool created = false;
    auto key = load_or_create_secret(config.data_dir + "/api_key", &created);
    if (!key) return key.error();
    secrets.api_key = *key;
    if (created)  // said once, when generated; the key itself is never logged (read it from the file)
      log_event("api_key_generated", Json{{"path", config.data_dir + "/api_key"}});
  }
  auto signing = load_or_create_secret(config.data_dir + "/signing_secret", nullptr);
  if (!signing) return signing.error();
  secrets.signing_secret = *signing;

  auto store = Store::open(config.data_dir + "/rtk.sqlite3");
  if (!store) return store.error();
  std::unique_ptr<App> app(new App(config, std::move(secrets), std::move(store).value(), std::move(clock), scheduler));
  if (auto st = app->store_->load(app->registry_); !st) return st.error();
  if (auto st = app->recorder_->load(); !st) return st.error();
  if (app->registry_.presets.empty()) {
    const auto now = app->clock_();
    for (auto p : default_presets()) {
      PresetRecord rec{std::move(p), now, now};
      rec.preset.id = random_uuid();
      if (auto st = app->store_->transaction([&] { return app->store_->put_preset(rec); }); !st) return st.error();
      app->registry_.presets[rec.preset.id] = rec;
    }
  }
  // A breakout deadline that passed while the server was down closes now.
  if (auto n = app->tick(); n > 0) log_event("breakout_timers_due_at_start", Json{{"ticks", n}});
  log_event("store_loaded", Json{{"meetings", app->registry_.meetings.size()},
                                 {"participants", app->registry_.participants.size()},
                                 {"presets", app->registry_.presets.size()}});
  return app;
}

ParticipantAuth App::authorize_ws(std::string_view target) const {
  std::string path;
  std::map<std::string, std::string> query;
  std::string token;
  if (split_target(target, path, query))
    if (auto it = query.find("authToken"); it != query.end()) token = it->second;
  return check_participant_token(registry_, token, secrets_.signing_secret, clock_() / 1000);
}

std::optional<std::string> App::static_file(std::string_view target) const {
  return resolve_site(config_.static_dir, config_.dashboard_dir, target);
}

}  // namespace rtk::server
