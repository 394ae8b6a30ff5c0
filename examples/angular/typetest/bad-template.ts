// Must NOT compile under ngc with strictTemplates (types.test.mjs checks the error): a string
// bound to the boolean input showSetupScreen, and a number to meeting.
import { Component } from '@angular/core';
import { RtkMeeting } from '@openrtk/angular';

@Component({
  selector: 'app-bad',
  imports: [RtkMeeting],
  template: `<rtk-meeting [showSetupScreen]="'yes'" [meeting]="42"></rtk-meeting>`,
})
export class BadApp {}
