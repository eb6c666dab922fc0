/* bulletin: the admin page starts Decap CMS itself (editor.js), after setting it up. */
window.CMS_MANUAL_INIT = true;
