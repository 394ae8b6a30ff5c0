import { useCallback, useEffect, useRef, useState } from 'react';
import { RealtimeKitProvider, useRealtimeKitClient, useRealtimeKitMeeting } from '@openrtk/react';
import { RtkErrorScreen, RtkMeeting } from '@openrtk/react-ui';
import type { RtkJoinError } from '@openrtk/react-ui';
import { RoomPanel } from './RoomPanel';

export function App() {
  const [meeting, initMeeting] = useRealtimeKitClient();
  const [error, setError] = useState<RtkJoinError | null>(null);
  const started = useRef(false);

  const start = useCallback(() => {
    const params = new URLSearchParams(window.location.search);
    const authToken = params.get('authToken');
    if (!authToken) {
      setError({ reason: 'token_missing' });
      return;
    }
    setError(null);
    initMeeting({
      authToken,
      defaults: { audio: params.get('audio') !== 'off', video: params.get('video') !== 'off' },
    }).catch((e: RtkJoinError) => setError(e));
  }, [initMeeting]);

  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice in development
    started.current = true;
    start();
  }, [start]);

  // No room-switch code here: the provider follows meetingChanged, and every hook below it
  // gets the new meeting object in the same render. A failed start shows the UI kit's error
  // screen (expired link, not a meeting link, server unreachable with "Try again").
  const fallback = error ? (
    <RtkErrorScreen error={error} onRtkRetry={start} />
  ) : (
    <p className="status" role="status">
      Connecting to the meeting…
    </p>
  );
  return (
    <RealtimeKitProvider value={meeting} fallback={fallback}>
      <Meeting />
    </RealtimeKitProvider>
  );
}

const setupScreen = new URLSearchParams(window.location.search).get('setup') !== 'off';

function Meeting() {
  const { meeting } = useRealtimeKitMeeting();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <RoomPanel />
      <div style={{ flex: 1, minHeight: 0 }}>
        {/* The setup screen (camera preview, name, devices) as in RealtimeKit's examples; ?setup=off joins at once. */}
        <RtkMeeting meeting={meeting} showSetupScreen={setupScreen} />
      </div>
    </div>
  );
}
