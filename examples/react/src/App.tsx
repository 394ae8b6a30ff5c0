import { useEffect, useRef, useState } from 'react';
import { RealtimeKitProvider, useRealtimeKitClient, useRealtimeKitMeeting } from '@openrtk/react';
import { RtkMeeting } from '@openrtk/react-ui';
import { RoomPanel } from './RoomPanel';

export function App() {
  const [meeting, initMeeting] = useRealtimeKitClient();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice in development
    started.current = true;
    const params = new URLSearchParams(window.location.search);
    const authToken = params.get('authToken');
    if (!authToken) {
      setError('Open this page with ?authToken=<participant token> (see the README demo command).');
      return;
    }
    initMeeting({
      authToken,
      defaults: { audio: params.get('audio') !== 'off', video: params.get('video') !== 'off' },
    }).catch((e: { code?: string; message?: string }) => {
      setError(`Could not start the meeting: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(e)}`);
    });
  }, [initMeeting]);

  // No room-switch code here: the provider follows meetingChanged, and every hook below it
  // gets the new meeting object in the same render.
  return (
    <RealtimeKitProvider value={meeting} fallback={<p className="status">{error ?? 'Joining…'}</p>}>
      <Meeting />
    </RealtimeKitProvider>
  );
}

function Meeting() {
  const { meeting } = useRealtimeKitMeeting();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <RoomPanel />
      <div style={{ flex: 1, minHeight: 0 }}>
        <RtkMeeting meeting={meeting} showSetupScreen={false} />
      </div>
    </div>
  );
}
