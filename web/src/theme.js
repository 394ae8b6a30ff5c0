// `meeting.self.config` (RealtimeKit 2.0.2's RTKThemePreset), built from the preset the server
// hands over in participant-details: its `config` (view_type, max_video_streams,
// max_screenshare_count) and `ui.design_tokens`. Cloudflare's UI kit builds its layout from this
// object (loadConfigFromPreset). Controls for features OpenRTK does not have (screen share,
// plugins, picture-in-picture) are off here, so a UI built from it offers none of them.
import { camelPermissions as camelDeep } from './permissions.js';

/** @param {object|null|undefined} preset  the snake_case preset JSON */
export function themeFromPreset(preset) {
  const c = preset?.config ?? {};
  const tokens = camelDeep(preset?.ui?.design_tokens ?? {});
  return {
    viewType: c.view_type ?? 'GROUP_CALL',
    maxVideoStreams: { mobile: 4, desktop: 9, ...c.max_video_streams },
    maxScreenShareCount: c.max_screenshare_count ?? 1,
    livestreamViewerQualities: [],
    pipMode: false,
    setupScreen: { isEnabled: true },
    waitingRoom: { isEnabled: false },
    controlBar: {
      isEnabled: true,
      elements: { fullscreen: true, screenshare: false, chat: true, polls: true, participants: true, plugins: false },
    },
    header: {
      isEnabled: true,
      elements: { logo: tokens.logo ?? '', timer: true, title: true, participantCount: true, changeLayout: true },
    },
    designTokens: { theme: 'dark', borderRadius: 'rounded', ...tokens, colors: { ...tokens.colors } },
  };
}
