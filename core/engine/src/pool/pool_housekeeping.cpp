// placeholder: implemented in this session
