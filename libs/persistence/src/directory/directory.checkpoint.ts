/** The sync checkpoint of the users-and-workspaces directory (DirectorySync writes it; access reads it). */
export const DIRECTORY_CHECKPOINT = 'directory';
