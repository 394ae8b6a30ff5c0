import { NgModule } from '@angular/core';
import { RTK_COMPONENTS } from './components.js';

/**
 * RealtimeKit's Angular module name: imports and exports every <rtk-*> component. Standalone
 * apps can import the components (or RTK_COMPONENTS) directly instead.
 */
@NgModule({
  imports: [RTK_COMPONENTS],
  exports: [RTK_COMPONENTS],
})
export class RealtimeKitComponentsModule {}
