/** Line icons for images, drawn like every icon of ../common/icons.tsx. */
import { Icon, type P } from '../common/icons';

export const ImagePlusIcon = (p: P) => (
  <Icon {...p}>
    <path d="M16 5h6" />
    <path d="M19 2v6" />
    <path d="M21 11.5V19a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7.5" />
    <path d="m21 15-3.086-3.086a2 2 0 0 0-2.828 0L6 21" />
    <circle cx="9" cy="9" r="2" />
  </Icon>
);

/** A picture with a keyhole: an image that hides a message. */
export const ImageSecretIcon = (p: P) => (
  <Icon {...p}>
    <path d="M21 12V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h7" />
    <path d="m3 16 4.5-4.5a2 2 0 0 1 2.8 0L13 14" />
    <circle cx="8.5" cy="7.5" r="1.5" />
    <rect width="7" height="5" x="15" y="17" rx="1" />
    <path d="M16.5 17v-1.5a2 2 0 0 1 4 0V17" />
  </Icon>
);

export const DownloadIcon = (p: P) => (
  <Icon {...p}>
    <path d="M12 15V3" />
    <path d="M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4" />
    <path d="m7 10 5 5 5-5" />
  </Icon>
);

export const UploadIcon = (p: P) => (
  <Icon {...p}>
    <path d="M12 3v12" />
    <path d="m17 8-5-5-5 5" />
    <path d="M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4" />
  </Icon>
);
